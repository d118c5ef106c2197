/**
 * A create whose outcome could not be settled, for any resource: either the look for what an
 * earlier create made could not be finished (nothing was sent), or a create may have happened and
 * no single resource on the service can be shown to be its own. Both stop before a second create.
 */
import { UltravoxError } from "./ultravox-error";

export abstract class CreateNotSettledError extends UltravoxError {
  constructor(
    message: string,
    /** What was being created, as messages name it: "scheduled batch", "call throttle". */
    readonly resource: string,
    /** The ids on the service that might be this create's own (the candidates, or those unread). */
    readonly ids: readonly string[],
    /** The agent the resource belongs to, for a resource under an agent. */
    readonly agentId?: string,
  ) {
    super(message);
  }
}

/** Thrown when a create may or may not have happened and no resource can be shown to be its own. */
export class AmbiguousCreateError extends CreateNotSettledError {
  override readonly name = "AmbiguousCreateError";
  override readonly mayHaveActed = true;

  /** The candidates, as the batch-only error named them. */
  get candidateBatchIds(): readonly string[] {
    return this.ids;
  }
}

/** Thrown before any POST when the look for an earlier create's resource could not be completed. */
export class EarlierCreateLookupError extends CreateNotSettledError {
  override readonly name = "EarlierCreateLookupError";
  override readonly mayHaveActed = false;

  /** The candidates that could not be read, as the batch-only error named them. */
  get uncheckedBatchIds(): readonly string[] {
    return this.ids;
  }
}
