/**
 * A 404 that does not prove the resource is gone (a proxy's page, a wrong base URL, another
 * server), for any resource. Treating it as "gone" would let a delete or refresh drop a live
 * resource from state, and the next `up` would create (and dial) it again.
 */
import { UltravoxError } from "./ultravox-error";

export class NotFoundUnprovenError extends UltravoxError {
  override readonly name: string = "NotFoundUnprovenError";
  override readonly mayHaveActed = false;
  constructor(
    message: string,
    /** What was looked for, as messages name it: "scheduled batch", "call throttle". */
    readonly resource: string,
  ) {
    super(message);
  }
}
