/**
 * What the batch checks at preview beyond its fields (fields/behaviour.ts `review`): the re-dial guard
 * (redial-guard.ts, no request), then, only when `agentId` changes, one read-only GET proving the new
 * agent exists before the engine deletes the live batch, whose callTemplate the calls are checked
 * against (agent-template-check.ts); and the warning that a pause is permanent.
 */
import type { ChangeReview } from "../fields/behaviour";
import { isUnknown } from "../fields/unknown";
import { UltravoxApiError } from "../http/api-errors";
import { renderCallsReviewLine } from "../privacy/calls-review";
import { reviewInlineCalls } from "../privacy/inline-calls-review";
import { refuseCallsUnfitForAgent } from "./agent-template-check";
import type { UltravoxClient } from "./client";
import { progressOf, refuseRedial } from "./redial-guard";

/** The warning a pause shows at preview and `up`, naming the batch. */
export function pauseWarning(batchId: string): string {
  return (
    `batch ${batchId}: pausing is permanent. Ultravox cannot resume a paused batch: its calls not yet placed ` +
    "will never be placed by it, and `paused: false` later fails at preview. To hold a batch that has not " +
    "started, move its windowStart later instead; to go on later, carry its pending calls into a new batch " +
    "(docs/campaign-lifecycle.md in pulumi-ultravox)."
  );
}

/** Why a replace under another agent was refused, saying what was checked. */
function agentMissing(batchId: string, agentId: string, error: unknown): Error {
  const why = error instanceof Error ? error.message : String(error);
  return new Error(
    `agentId: replacing batch ${batchId} deletes it first, so the new agent was checked before anything else: ` +
      `GET /api/agents/${agentId} failed (${why}). The batch was left as it is. Check agentId (a typo?) ` +
      "and that the API key belongs to the agent's account.",
  );
}

/**
 * A key the service refuses outright (401) cannot prove the agent exists, nor delete anything: the
 * preview goes on with a warning (a pull request's preview holds no working key by design), and
 * `pulumi up`, whose diff runs this check again with its own key, fails before any DELETE.
 */
function agentUnchecked(agentId: string): string {
  return (
    `agentId: the API key was refused (401), so agent ${agentId} could not be proven to exist. ` +
    "`pulumi up` checks it again with its key before the live batch is deleted."
  );
}

export async function reviewBatchChange(review: ChangeReview<UltravoxClient>): Promise<string[]> {
  const { stored, outputs, news, replaces, changed } = review;
  const progress = progressOf(outputs, stored.applied, stored.id);
  const allowRedialOf = typeof news.allowRedialOf === "string" ? news.allowRedialOf : undefined;
  refuseRedial(progress, { replaces, callsChange: changed.includes("calls"), allowRedialOf }, Date.now());
  const agentId = news.agentId;
  const warnings: string[] = [];
  if (replaces.includes("agentId") && typeof agentId === "string" && !isUnknown(agentId)) {
    let agent: { callTemplate?: unknown } | undefined;
    try {
      agent = await review.client().getAgent(agentId);
    } catch (error) {
      if (!(error instanceof UltravoxApiError && error.status === 401))
        throw agentMissing(stored.id, agentId, error);
      warnings.push(agentUnchecked(agentId));
    }
    if (agent !== undefined)
      refuseCallsUnfitForAgent(agentId, agent.callTemplate, news.calls, news.callLabel);
  }
  const calls = callsChange(stored.applied.calls, news.calls, news.callLabel);
  if (calls !== undefined) warnings.push(`batch ${stored.id}: ${calls}`);
  const pausing = news.paused === true && stored.applied.paused !== true;
  if (pausing && replaces.length === 0) warnings.push(pauseWarning(stored.id));
  return warnings;
}

/**
 * The calls change in words that show no one's number (privacy/calls-review.ts): the engine's own
 * diff of `calls` shows `[secret]` once calls are encrypted, so this line is what review sees.
 * Undefined when the calls are the same (or not known yet).
 */
export function callsChange(before: unknown, after: unknown, callLabel: unknown): string | undefined {
  if (!Array.isArray(after) || isUnknown(after)) return undefined;
  const label = typeof callLabel === "string" && !isUnknown(callLabel) ? callLabel : undefined;
  const review = reviewInlineCalls(Array.isArray(before) ? before : [], after, label);
  return review.added + review.removed === 0 ? undefined : renderCallsReviewLine(review);
}
