/**
 * Guardrail violations in the plan summary, for the reviewer: a mandatory one loudly (the preview
 * fails and the merge is refused), advisory ones as warnings (they pass, but a person should look).
 */
import type { PolicyViolation } from "./policy-events";

/**
 * What the violation says, on one line. The engine's message is the policy's description, a line
 * break, then the text the pack reported: the reviewer needs the reported text.
 */
function reported(message: string): string {
  const lines = message
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "");
  return (lines.length > 1 ? lines.slice(1) : lines).join(" ");
}

function where(violation: PolicyViolation): string {
  return violation.resource ? `**${violation.resource}**` : "the stack";
}

export function describeViolation(violation: PolicyViolation): string {
  const text = reported(violation.message);
  return violation.mandatory
    ? `🚫 **MANDATORY GUARDRAIL FAILS: \`${violation.policy}\`** on ${where(violation)}: ${text}`
    : `⚠️ Advisory guardrail \`${violation.policy}\` on ${where(violation)}: ${text}`;
}

/** The summary's guardrails section; empty when nothing was violated. */
export function renderViolations(violations: PolicyViolation[]): string {
  if (violations.length === 0) return "";
  const ordered = [...violations.filter((v) => v.mandatory), ...violations.filter((v) => !v.mandatory)];
  const lines = ["", "#### Guardrails", "", ...ordered.map((v) => `- ${describeViolation(v)}`)];
  if (violations.some((v) => v.mandatory)) {
    lines.push(
      "",
      "> [!CAUTION]",
      "> A mandatory guardrail fails: the preview fails, and the merge is refused before any request. Fix the program or the policy config.",
    );
  }
  return `${lines.join("\n")}\n`;
}

/** GitHub annotations, so that each violation also shows on the run's page. */
export function violationAnnotations(violations: PolicyViolation[]): string {
  return violations
    .map((v) => {
      const kind = v.mandatory ? "error" : "warning";
      const level = v.mandatory ? "mandatory" : "advisory";
      const text = `${v.policy} on ${v.resource ?? "the stack"}: ${reported(v.message)}`;
      return `::${kind} title=Guardrail (${level})::${text}\n`;
    })
    .join("");
}
