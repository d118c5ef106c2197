/**
 * "Who gets called": a preview's batch changes as a short Markdown summary for a reviewer (a
 * GitHub job summary or PR comment). A replace is the loudest line: the new batch dials every
 * call again, including the people the old one already called.
 */
import type { BatchChange, CallCount } from "./batch-changes";
import { needsApproval } from "./batch-changes";

function calls(count: CallCount): string {
  if (count.count !== null) return `${count.count} ${count.count === 1 ? "call" : "calls"}`;
  return count.hidden === "secret" ? "a secret number of calls" : "a number of calls known only at apply";
}

export function windowText(change: Pick<BatchChange, "windowStart" | "windowEnd">): string {
  const from = change.windowStart ? `from ${change.windowStart}` : "starting at once (no window start)";
  const until = change.windowEnd ? `until ${change.windowEnd}` : "until every call is placed (no window end)";
  return `${from}, ${until}`;
}

function progress(change: BatchChange): string {
  const live = change.live;
  if (live?.completedCount === undefined || live.totalCount === undefined) return "";
  const state = live.endedAt ? "ended" : live.paused ? "paused" : "running";
  return ` The live batch has placed ${live.completedCount} of ${live.totalCount} calls (${state}).`;
}

function fieldList(fields: string[]): string {
  // Secret values are masked on both sides, so a changed secret alone names no field.
  return fields.length > 0 ? fields.map((field) => `\`${field}\``).join(", ") : "a secret value";
}

function callsUpdate(change: BatchChange): string {
  if (!change.fields.includes("calls")) return "";
  const delta =
    change.callsAdded === undefined ? "" : ` (+${change.callsAdded} / -${change.callsRemoved} lines)`;
  return ` The call list is sent whole: now ${calls(change.calls)}${delta}.`;
}

/**
 * What forces a replace. `pulumi up --replace` changes no input: the engine gives `id` as the
 * reason (no input is named so), which read "Forced by `id`".
 */
function forcedBy(fields: string[]): string {
  return fields.length === 1 && fields[0] === "id"
    ? "`--replace` (the command asked for it; no input changed)"
    : fieldList(fields);
}

export function describeChange(change: BatchChange): string {
  const name = `**${change.name}**`;
  switch (change.kind) {
    case "create":
      return `🆕 ${name} is created: **${calls(change.calls)} will be dialled**, ${windowText(change)}.`;
    case "update":
      return `✏️ ${name} is updated: ${fieldList(change.fields)}.${callsUpdate(change)}`;
    case "replace":
      return (
        `🚨 **REPLACED: ${change.name}. EVERY CALL IS DIALLED AGAIN**: the new batch dials all ` +
        `${calls(change.calls)}, ${windowText(change)}, including people already called. ` +
        `Forced by ${forcedBy(change.fields)}.${progress(change)}`
      );
    case "delete":
      return `🛑 ${name} is deleted: the campaign stops; calls not yet placed are never dialled.${progress(change)}`;
    case "same":
      return `${name} is unchanged.`;
  }
}

/** The whole summary; `title` names the stack or job. */
export function renderSummary(changes: BatchChange[], title = "Who gets called"): string {
  const lines = [`### ${title}`, ""];
  const changing = changes.filter((change) => change.kind !== "same");
  if (changing.length === 0) {
    lines.push("No scheduled batch changes: nobody new is called.");
  } else {
    for (const change of changing) lines.push(`- ${describeChange(change)}`);
  }
  const unchanged = changes.length - changing.length;
  if (unchanged > 0) lines.push("", `${unchanged} batch${unchanged === 1 ? "" : "es"} unchanged.`);
  if (needsApproval(changes)) {
    lines.push(
      "",
      "> [!CAUTION]",
      "> This plan replaces or deletes a batch. The merge applies it only after a required reviewer approves the deployment.",
    );
  }
  return `${lines.join("\n")}\n`;
}
