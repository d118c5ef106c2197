/**
 * "Who gets called": a preview's batch changes as a short Markdown summary for a reviewer (a
 * GitHub job summary or PR comment). A replace is the loudest line: the new batch dials every
 * call again, including the people the old one already called.
 */
import type { Plan } from "./approvals";
import type { BatchChange, CallCount } from "./batch-changes";

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
  const delta = change.callsAdded === undefined ? "" : `, +${change.callsAdded} −${change.callsRemoved}`;
  // Each changed call by its label and masked number, as the provider's review named it.
  const touched = (change.callsTouched ?? []).map((entry) => `\n  - \`${entry}\``).join("");
  return ` The call list is sent whole: now ${calls(change.calls)}${delta}.${touched}`;
}

export function describeChange(change: BatchChange): string {
  const name = `**${change.name}**`;
  if (change.redial !== undefined && change.kind !== "replace") {
    return (
      `🚨 **RE-CREATED: ${change.name}. ITS PEOPLE ARE CALLED AGAIN**: ${change.redial}. The new batch ` +
      `dials all ${calls(change.calls)}, ${windowText(change)}, including people already called.` +
      (change.redialOf === undefined
        ? ""
        : ` To call them again on purpose, add \`allowRedialOf: "${change.redialOf}"\` to the batch; a reviewer must still approve.`)
    );
  }
  if (change.kind === "delete" && change.leftRunning) {
    return (
      `⚠️ **${change.name} is left running, unmanaged**: it leaves the program with \`retainOnDelete: true\`, ` +
      `so nothing is sent; the live batch keeps dialling and nobody can pause it from git.${progress(change)}`
    );
  }
  if (change.kind === "delete" && change.deletedOutsideAt !== undefined) {
    return `🪦 ${name} is forgotten: it was deleted outside the program (refresh found it gone at ${change.deletedOutsideAt}); nothing is sent.`;
  }
  switch (change.kind) {
    case "create":
      return `🆕 ${name} is created: **${calls(change.calls)} will be dialled**, ${windowText(change)}.`;
    case "update":
      return `✏️ ${name} is updated: ${fieldList(change.fields)}.${callsUpdate(change)}`;
    case "replace":
      return (
        `🚨 **REPLACED: ${change.name}. EVERY CALL IS DIALLED AGAIN**: the new batch dials all ` +
        `${calls(change.calls)}, ${windowText(change)}, including people already called. ` +
        `Forced by ${change.redial?.includes("--replace") ? "`pulumi up --replace`" : fieldList(change.fields)}.${progress(change)}`
      );
    case "delete":
      return `🛑 ${name} is deleted: the campaign stops; calls not yet placed are never dialled.${progress(change)}`;
    case "same":
      return `${name} is unchanged.`;
  }
}

/** The whole summary; `title` names the stack or job. */
export function renderSummary(plan: Plan, title = "Who gets called"): string {
  const changes = plan.batches;
  const lines = [`### ${title}`, ""];
  const changing = changes.filter((change) => change.kind !== "same");
  const speedUps = [...plan.batchSpeedUps, ...plan.throttles.map((change) => change.faster)];
  if (changing.length === 0 && speedUps.length === 0) {
    lines.push("No scheduled batch changes: nobody new is called.");
  } else {
    for (const change of changing) lines.push(`- ${describeChange(change)}`);
    for (const speedUp of speedUps) lines.push(`- ⏩ **Faster dialling**: ${speedUp}.`);
  }
  const unchanged = changes.length - changing.length;
  if (unchanged > 0) lines.push("", `${unchanged} batch${unchanged === 1 ? "" : "es"} unchanged.`);
  if (plan.approvals.length > 0) {
    lines.push(
      "",
      "> [!CAUTION]",
      "> This plan calls people again, stops or abandons a campaign, or dials faster. The merge applies it only after a required reviewer approves the deployment.",
    );
  }
  return `${lines.join("\n")}\n`;
}
