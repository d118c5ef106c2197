/**
 * A create that surely made a resource (the service's answer named it) which could not be read
 * back, for any resource. The caller must hand the id to the engine (ResourceInitError), never drop
 * it: the next `up` reads it instead of creating another.
 */
import { UltravoxError } from "./ultravox-error";

export class UnreadCreatedError extends UltravoxError {
  override readonly name: string = "UnreadCreatedError";
  override readonly mayHaveActed = true;
  constructor(
    message: string,
    /** What was created, as messages name it: "scheduled batch", "call throttle". */
    readonly resource: string,
    /** The id the service named (not named `id`: see not-found-unproven.ts). */
    readonly createdId: string,
  ) {
    super(message);
  }
}
