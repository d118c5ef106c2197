/**
 * Which batches resources of this provider process already own. Two resources with identical
 * arguments created in parallel must never end up sharing one batch: when one of them lost its POST
 * answer and goes looking for "the batch that matches my request", its twin's batch matches too.
 *
 * So every create registers while its POST is in flight; a batch id is claimed by the create whose POST
 * answer named it, or by the one reconciliation that adopts it; and a reconciliation first waits for
 * the other in-flight creates of the same agent to settle, then ignores claimed batches.
 *
 * The scope is one provider process, which is one `pulumi up` (every resource of a stack goes through
 * it). Module state, deliberately kept out of provider.ts, whose text is serialized into the state.
 */
const claimed = new Set<string>();
const inFlight = new Map<string, Set<Promise<unknown>>>();

/** Claim a batch id; false if another resource of this process already has it. */
export function claimBatch(batchId: string): boolean {
  if (claimed.has(batchId)) return false;
  claimed.add(batchId);
  return true;
}

export function isClaimed(batchId: string): boolean {
  return claimed.has(batchId);
}

/** Register a create's POST for `agentId` until it settles. */
export function trackCreate<T>(agentId: string, post: Promise<T>): Promise<T> {
  let set = inFlight.get(agentId);
  if (set === undefined) {
    set = new Set();
    inFlight.set(agentId, set);
  }
  const mine = set;
  mine.add(post);
  const forget = () => {
    mine.delete(post);
    if (mine.size === 0 && inFlight.get(agentId) === mine) inFlight.delete(agentId);
  };
  post.then(forget, forget);
  return post;
}

/** Resolves once every create of `agentId` in flight now has settled (successes having claimed their ids). */
export async function othersSettled(agentId: string): Promise<void> {
  const pending = [...(inFlight.get(agentId) ?? [])];
  await Promise.allSettled(pending);
}

/** For tests: forget every claim. */
export function resetClaims(): void {
  claimed.clear();
  inFlight.clear();
}
