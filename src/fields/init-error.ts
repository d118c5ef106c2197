/**
 * An error that tells the engine a resource exists although the operation failed, so the resource is
 * recorded in state (and retried or deleted later) rather than orphaned. The dynamic-provider host
 * reads `id`, `properties` and `reasons` from the thrown error.
 */
import { UltravoxError } from "../errors/ultravox-error";
export class ResourceInitError extends UltravoxError {
  override readonly name = "ResourceInitError";
  override readonly mayHaveActed = true;

  constructor(
    message: string,
    readonly id: string,
    readonly properties: Record<string, unknown>,
    readonly reasons: string[] = [message],
  ) {
    super(message);
  }
}
