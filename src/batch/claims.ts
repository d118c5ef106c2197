/**
 * Which batches resources of this provider process already own. Each batch id is claimed once per
 * run: by the create whose POST answer named it, by the reconciliation that found this create's
 * token in it, or by the resource that adopts it (`adoptBatchId`). A second claim fails, so two
 * resources never record one batch, and deleting one can never stop another's campaign.
 *
 * The scope is one provider process, which is one `pulumi up` (every resource of a stack goes through
 * it). Module state, deliberately kept out of provider.ts, whose text is serialized into the state.
 */
const claimed = new Set<string>();
const adopted = new Set<string>();

/** Claim a batch id; false if another resource of this process already has it. */
export function claimBatch(batchId: string): boolean {
  if (claimed.has(batchId)) return false;
  claimed.add(batchId);
  return true;
}

export function isClaimed(batchId: string): boolean {
  return claimed.has(batchId);
}

/** Note that a resource of this run now holds a claimed batch through `adoptBatchId` (engine has its id). */
export function recordAdoption(batchId: string): void {
  if (claimed.has(batchId)) adopted.add(batchId);
}

/** True when a resource of this run took the batch over with `adoptBatchId` and the engine records it. */
export function adoptedThisRun(batchId: string): boolean {
  return adopted.has(batchId);
}

/** For tests: forget every claim. */
export function resetClaims(): void {
  claimed.clear();
  adopted.clear();
}
