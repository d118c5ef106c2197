/**
 * The provider's side of the prompt-variable check (agent/prompt-variables.ts): at preview, when a
 * batch moves to another agent, the review already sends one GET of that agent
 * (preview-review.ts); its answer's callTemplate says which variables every call's
 * `templateContext` must fill. A call that does not fit fails the preview, naming the call and the
 * variable, before the replace deletes anything. No other request is sent for it: preview sends
 * nothing else (the policy pack checks batches whose agent is declared in the same stack).
 */

import { checkCallsAgainstTemplate, readPromptTemplate } from "../agent/prompt-variables";
import { isUnknown } from "../fields/unknown";
import { labelOfCall } from "../privacy/call-label";

/**
 * Throws when a call of `calls` (program form; the unknown sentinel at preview when not yet known)
 * does not fit `callTemplate` (the agent's GET answer; null or unreadable: nothing to check). Calls
 * are named by `callLabel` (the batch input, once branch `privacy` is merged) or position.
 */
export function refuseCallsUnfitForAgent(
  agentId: string,
  callTemplate: unknown,
  calls: unknown,
  callLabel?: unknown,
): void {
  const template = readPromptTemplate(callTemplate);
  if (template === undefined || !Array.isArray(calls)) return;
  const label = typeof callLabel === "string" && !isUnknown(callLabel) ? callLabel : undefined;
  const nameOf = (call: unknown, position: number) => labelOfCall(call, label, position);
  const lines = checkCallsAgainstTemplate(calls, template, nameOf, isUnknown);
  if (lines.length === 0) return;
  throw new Error(
    `calls: the templateContext of these calls does not fit agent ${agentId}'s call template, whose ` +
      `variables would be spoken unfilled. Nothing was changed.\n  ${lines.join("\n  ")}`,
  );
}
