/**
 * What a change of a batch's calls does, in words that show no one's number: how many calls, how
 * many added and removed, and each changed call by its label (call-label.ts) and masked number.
 * Pure: both doors' preview, the plan tool and calls from a file render with it.
 *
 * Calls are compared as wholes by a key (their canonical JSON line, or a file row's keyed digest),
 * as a multiset: a call that moved is not a change, a call edited in place is one removed and one
 * added, shown as one changed (`~`) entry when both sit at the same position.
 */

/** One call the change touches, as review output may show it. */
export interface ReviewedCall {
  /** `+` added, `-` removed, `~` changed in place. */
  mark: "+" | "-" | "~";
  /** labelOfCall's text (position, label value). */
  label: string;
  /** The masked number, when the call dials one. */
  masked?: string;
}

export interface CallsReview {
  /** Calls after the change. */
  count: number;
  added: number;
  removed: number;
  /** The touched calls, in list order, at most `shown`. */
  calls: ReviewedCall[];
  /** Touched calls left out of `calls` (a review stays short for a big edit). */
  more: number;
}

/** How one side of the change names its calls: by index (0-based) in its list. */
export interface CallsSide {
  keys: readonly string[];
  describe(index: number): { label: string; masked?: string };
}

const SHOWN = 20;

/** Indices of `keys` whose key is not matched by one in `other` (multiset difference). */
function unmatched(keys: readonly string[], other: readonly string[]): number[] {
  const left = new Map<string, number>();
  for (const key of other) left.set(key, (left.get(key) ?? 0) + 1);
  const out: number[] = [];
  keys.forEach((key, index) => {
    const n = left.get(key) ?? 0;
    if (n > 0) left.set(key, n - 1);
    else out.push(index);
  });
  return out;
}

/** The review of a change from `before` to `after`; `shown` caps the listed calls. */
export function reviewCalls(before: CallsSide, after: CallsSide, shown = SHOWN): CallsReview {
  const removed = unmatched(before.keys, after.keys);
  const added = unmatched(after.keys, before.keys);
  const addedAt = new Set(added);
  const changedAt = new Set(removed.filter((index) => addedAt.has(index)));
  const touched: Array<{ at: number; call: ReviewedCall }> = [];
  for (const index of removed) {
    if (!changedAt.has(index)) touched.push({ at: index, call: { mark: "-", ...before.describe(index) } });
  }
  for (const index of added) {
    const mark = changedAt.has(index) ? "~" : "+";
    touched.push({ at: index, call: { mark, ...after.describe(index) } });
  }
  touched.sort((a, b) => a.at - b.at || (a.call.mark === "-" ? -1 : 1));
  const calls = touched.slice(0, shown).map(({ call }) => call);
  return {
    count: after.keys.length,
    added: added.length,
    removed: removed.length,
    calls,
    more: touched.length - calls.length,
  };
}

/** `3 calls, +1 −1` (the counts alone). */
export function callsCountText(review: Pick<CallsReview, "count" | "added" | "removed">): string {
  return `${review.count} call${review.count === 1 ? "" : "s"}, +${review.added} −${review.removed}`;
}

/** A touched call as one entry: `~ call #2 (metadata.crmId C-2) +1 415 ***-0122`. */
function entryText({ mark, label, masked }: ReviewedCall): string {
  return `${mark} ${label}${masked === undefined ? "" : ` ${masked}`}`;
}

/**
 * The review on one line, entries after a colon, separated by `; ` (what a provider log line can
 * carry through either door, and what the plan tool parses back: CALLS_REVIEW_LINE).
 */
export function renderCallsReviewLine(review: CallsReview): string {
  const entries = review.calls.map(entryText);
  if (review.more > 0) entries.push(`… and ${review.more} more`);
  return `calls: ${callsCountText(review)}${entries.length > 0 ? `: ${entries.join("; ")}` : ""}`;
}

/** renderCallsReviewLine's text in a message: the counts, then the entries. */
export const CALLS_REVIEW_LINE = /calls: (\d+) calls?, \+(\d+) −(\d+)(?:: ([^\n]*))?/;

/** The review as one line per touched call after the counts, for a log or a preview. */
export function renderCallsReview(review: CallsReview): string {
  const lines = review.calls.map((call) => `  ${entryText(call)}`);
  if (review.more > 0) lines.push(`  … and ${review.more} more`);
  return [`calls: ${callsCountText(review)}`, ...lines].join("\n");
}
