/**
 * The engine's Cancel (Ctrl-C), as one process-wide signal: every request loop checks it before each
 * try and wakes from its retry wait when it fires. A try already sent is not aborted: its answer is
 * awaited, so a POST that reached the service either returns its batch to the engine or is reported.
 * The scope is the provider process, which serves one `pulumi up`.
 */

import { setTimeout as delay } from "node:timers/promises";
import { UltravoxError } from "../errors/ultravox-error";

/** Thrown instead of sending a request (or instead of waiting to retry one) after Cancel. */
export class CancelledError extends UltravoxError {
  override readonly name = "CancelledError";
  override readonly mayHaveActed = false;
}

let controller = new AbortController();

/** Fires once the engine has asked the provider to cancel. */
export function cancellationSignal(): AbortSignal {
  return controller.signal;
}

export function isCancelled(): boolean {
  return controller.signal.aborted;
}

/** The engine asked to cancel: no new request, no further retry wait. */
export function cancelEverything(): void {
  controller.abort();
}

/** For tests: a fresh, un-cancelled process. */
export function resetCancellation(): void {
  controller = new AbortController();
}

/**
 * Resolves after `ms`, or rejects with CancelledError (saying `what` was not done) as soon as Cancel
 * fires, at once if it already has. Without `sleep` the timer itself is cleared on Cancel.
 */
export function cancellableWait(
  ms: number,
  what: string,
  sleep?: (ms: number) => Promise<void>,
): Promise<void> {
  const signal = controller.signal;
  if (signal.aborted) return Promise.reject(new CancelledError(what));
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(new CancelledError(what));
    signal.addEventListener("abort", onAbort, { once: true });
    const waited = sleep ? sleep(ms) : delay(ms, undefined, { signal }).catch(() => undefined);
    waited.then(
      () => {
        signal.removeEventListener("abort", onAbort);
        resolve();
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** Throws CancelledError (saying `what` was not done) once Cancel has fired. */
export function throwIfCancelled(what: string): void {
  if (controller.signal.aborted) throw new CancelledError(what);
}
