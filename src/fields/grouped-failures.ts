/**
 * Identical check failures, said once. A program that gives 2,000 calls the same bad value (a
 * caller id read as a number) got 2,000 identical lines; now the calls that share a failure, at
 * the same place with the same reason and the same shown value, make one line naming them:
 * `calls[0-1999].medium.twilio.outgoing.from (2000 calls; value 14155550100): <reason>`.
 * Failures are grouped on the first list index of their path (the call, the rule); anything else
 * in the path must match.
 */
import { formatPath } from "../json/paths";

/** A failure below the top level, as engine-failures.ts shows it: its path, and what to show of its value. */
export interface NestedFailure {
  path: PropertyKey[];
  /** `value "x"`, `value [secret]`, or "" when the value is not shown. */
  shown: string;
  reason: string;
}

/** At most this many index ranges are listed; the rest are counted. */
const MAX_RANGES = 8;

/** `[0, 1, 2, 5, 7, 8]` as `0-2, 5, 7-8`, at most MAX_RANGES ranges. */
function ranges(indices: readonly number[]): string {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const spans: string[] = [];
  let start = sorted[0] as number;
  let end = start;
  for (const index of [...sorted.slice(1), Number.NaN]) {
    if (index === end + 1) {
      end = index;
      continue;
    }
    spans.push(start === end ? String(start) : `${start}-${end}`);
    start = index;
    end = index;
  }
  if (spans.length <= MAX_RANGES) return spans.join(", ");
  return `${spans.slice(0, MAX_RANGES).join(", ")}, … (${spans.length - MAX_RANGES} more ranges)`;
}

/** The reason line of one failure, path first. */
function line(path: readonly PropertyKey[], note: string, reason: string): string {
  return `${formatPath(path)}${note === "" ? "" : ` (${note})`}: ${reason}`;
}

/** One line per distinct failure, in the order each first occurred. */
export function groupedLines(failures: readonly NestedFailure[]): string[] {
  const groups = new Map<string, { first: NestedFailure; at: number; indices: number[] }>();
  for (const failure of failures) {
    const at = failure.path.findIndex((key) => typeof key === "number");
    const pattern = failure.path.map((key, i) => (i === at ? "*" : key));
    const id = JSON.stringify([
      pattern.map(String),
      pattern.map((key) => typeof key),
      failure.shown,
      failure.reason,
    ]);
    const group = groups.get(id);
    if (group === undefined) {
      groups.set(id, { first: failure, at, indices: at < 0 ? [] : [failure.path[at] as number] });
    } else group.indices.push(failure.path[group.at] as number);
  }
  return [...groups.values()].map(({ first, at, indices }) => {
    if (indices.length <= 1) return line(first.path, first.shown, first.reason);
    // `calls[0-4, 9]`: the list's name then the indices; the noun is the list's name.
    const list = formatPath(first.path.slice(0, at));
    const rest = formatPath(first.path.slice(at + 1));
    const tail = rest === "" || rest.startsWith("[") ? rest : `.${rest}`;
    const count = `${new Set(indices).size} ${String(first.path[at - 1] ?? "items")}`;
    const note = first.shown === "" ? count : `${count}; ${first.shown}`;
    return `${list}[${ranges(indices)}]${tail} (${note}): ${first.reason}`;
  });
}
