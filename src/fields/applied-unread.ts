/**
 * A change the service certainly made (it answered 2xx) whose result could not be read back. The
 * lifecycle records the program's values as applied (fields/outputs.ts `outputsUnchanged`) through
 * the engine's partial-failure path, so the next `up` sends nothing again; a refresh reads the rest.
 */
import { UltravoxError } from "../errors/ultravox-error";
export class AppliedButUnreadError extends UltravoxError {
  override readonly name = "AppliedButUnreadError";
  override readonly mayHaveActed = true;
}
