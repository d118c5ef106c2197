/**
 * The drift alarm's findings: which live batches differ from git, and how. Input: a preview run
 * with --refresh, so each step's old state is the live batch and its new state is the program.
 *
 * The batch API never returns a batch's calls (they are write-only), so refresh keeps the calls
 * git applied. What it does see is the live `totalCount`: a call list changed outside git shows
 * as a count that differs from the lines git declares. A change that keeps the count is invisible.
 *
 * When git's calls are secret the preview masks the whole list, so git's count cannot be read.
 * The alarm then compares the live count with the count the state recorded before the refresh
 * (`totalCount`, not secret: what the last `up` sent, or the last refresh that saved state read).
 */
import type { BatchChange } from "./batch-changes";

export interface DriftFinding {
  batch: string;
  message: string;
}

function shown(field: string, value: unknown): string {
  if (value === undefined || value === null) return "unset";
  if (field === "calls" && value === "[secret]") return "calls (encrypted)";
  if (field === "calls" && typeof value === "string") {
    const count = value.split("\n").filter((line) => line.trim() !== "").length;
    return `${count} calls`;
  }
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function fieldDifferences(change: BatchChange): string {
  return change.fields
    .map((field) => {
      const value = change.values[field];
      // Refresh cannot read calls: the "live" side of calls is the list last applied.
      const side = field === "calls" ? "last applied" : "live";
      const text = `${field} (${side} ${shown(field, value?.live)}, git ${shown(field, value?.declared)})`;
      return field === "calls" ? `${text}${callsReviewText(change)}` : text;
    })
    .join("; ");
}

/** The provider's review of the calls change: counts, and each changed call masked. */
function callsReviewText(change: BatchChange): string {
  if (change.callsAdded === undefined) return "";
  const touched = change.callsTouched?.length ? `: ${change.callsTouched.join("; ")}` : "";
  return ` [${change.calls.count ?? "?"} calls, +${change.callsAdded} −${change.callsRemoved}${touched}]`;
}

function countMismatch(change: BatchChange): string | undefined {
  const live = change.live?.totalCount;
  const declared = change.calls.count;
  if (live === undefined) return undefined;
  if (declared !== null) {
    if (live === declared) return undefined;
    return `the service holds ${live} calls, git declares ${declared}: the call list was changed outside git`;
  }
  const recorded = change.recorded?.totalCount;
  if (recorded === undefined || recorded === live) return undefined;
  return `the service holds ${live} calls, the state recorded ${recorded} at the last apply (git's calls are secret, so their count is not shown): the call list was changed outside git`;
}

export function driftFindings(changes: BatchChange[]): DriftFinding[] {
  const findings: DriftFinding[] = [];
  for (const change of changes) {
    const batch = change.name;
    if (change.deletedOutsideAt !== undefined) {
      findings.push({
        batch,
        message: `batch ${batch} was deleted outside git (refresh found it gone at ${change.deletedOutsideAt}): the next merge re-creates it only with \`allowRedialOf\` and a reviewer's approval; or remove it from git`,
      });
      continue;
    }
    switch (change.kind) {
      case "create":
        findings.push({
          batch,
          message: `batch ${batch} is not live (deleted outside git?): the next merge creates it and dials its calls again`,
        });
        break;
      case "delete":
        findings.push({ batch, message: `batch ${batch} is live but no longer in git` });
        break;
      case "replace":
      case "update": {
        const how = fieldDifferences(change);
        const count = countMismatch(change);
        const parts = [how, count].filter((part) => part);
        findings.push({ batch, message: `batch ${batch} differs from git: ${parts.join("; ")}` });
        break;
      }
      case "same": {
        const count = countMismatch(change);
        if (count) findings.push({ batch, message: `batch ${batch} differs from git: ${count}` });
        break;
      }
    }
  }
  return findings;
}
