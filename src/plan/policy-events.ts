/**
 * Guardrail violations for the plan. `pulumi preview --json` leaves policy events out (the CLI's
 * JSON display skips them), so they are read from the engine's event log
 * (`pulumi preview --event-log <file>`): one JSON object a line, a violation as `policyEvent`.
 */
import { z } from "zod";

const policyEvent = z.looseObject({
  resourceUrn: z.string().optional(),
  message: z.string(),
  policyName: z.string(),
  policyPackName: z.string(),
  enforcementLevel: z.string(),
});

const engineEvent = z.looseObject({ policyEvent: policyEvent.optional() });

export interface PolicyViolation {
  policy: string;
  pack: string;
  /** The resource's name (the URN's last part), or undefined for a stack-wide violation. */
  resource?: string;
  /** Mandatory fails the preview and the update; anything else (advisory) only warns. */
  mandatory: boolean;
  message: string;
}

/** The violations in an event log's text; a line that is not an engine event is an error. */
export function policyViolations(eventLog: string): PolicyViolation[] {
  const violations: PolicyViolation[] = [];
  eventLog.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(
        `the policy event log's line ${index + 1} is not JSON: pass \`pulumi --event-log\`'s file`,
      );
    }
    const event = engineEvent.safeParse(value);
    if (!event.success) {
      const issue = event.error.issues[0];
      throw new Error(
        `the policy event log's line ${index + 1}: ${issue?.path.join(".")}: ${issue?.message}`,
      );
    }
    const policy = event.data.policyEvent;
    if (!policy) return;
    violations.push({
      policy: policy.policyName,
      pack: policy.policyPackName,
      resource: policy.resourceUrn?.split("::").at(-1),
      mandatory: policy.enforcementLevel === "mandatory",
      message: policy.message,
    });
  });
  return violations;
}
