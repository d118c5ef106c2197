/**
 * Which batches resources of this provider process already own. Each batch id is claimed once per
 * run: by the create whose POST answer named it, by the reconciliation that found this create's
 * token in it, or by the resource that adopts it (`adoptBatchId`). A second claim fails, so two
 * resources never record one batch, and deleting one can never stop another's campaign.
 *
 * The scope is one provider process, which is one `pulumi up` (every resource of a stack goes through
 * it). Module state, deliberately kept out of provider.ts, whose text is serialized into the state.
 */
const claimed = new Map<string, "made" | "adopted">();

/** Claim a batch id; false if another resource of this process already has it. */
export function claimBatch(batchId: string, how: "made" | "adopted" = "made"): boolean {
  if (claimed.has(batchId)) return false;
  claimed.set(batchId, how);
  return true;
}

export function isClaimed(batchId: string): boolean {
  return claimed.has(batchId);
}

/** True when a resource of this run took the batch over with `adoptBatchId`. */
export function adoptedThisRun(batchId: string): boolean {
  return claimed.get(batchId) === "adopted";
}

/** For tests: forget every claim. */
export function resetClaims(): void {
  claimed.clear();
}
