import { describe, expect, it } from "vitest";
import { condition, evaluate, interpolate } from "../../scripts/lib/gitops-expressions";

/** GitHub's syntax (written so that no JavaScript template is suspected). */
const expression = (inner: string) => ["$", "{{ ", inner, " }}"].join("");

describe("the rehearsal's GitHub expressions", () => {
  const contexts = {
    "needs.plan.outputs.needs-approval": "true",
    "needs.plan.outputs.approvals": "abc123",
    "github.event_name": "push",
    "secrets.EMPTY": "",
  };

  it("evaluates the workflow's environment and approval expressions as GitHub does", () => {
    const environment = "needs.plan.outputs.needs-approval == 'true' && 'campaigns-approval' || 'campaigns'";
    expect(evaluate(environment, contexts)).toBe("campaigns-approval");
    expect(evaluate(environment, { ...contexts, "needs.plan.outputs.needs-approval": "false" })).toBe(
      "campaigns",
    );
    const approved = "needs.plan.outputs.needs-approval == 'true' && needs.plan.outputs.approvals || ''";
    expect(evaluate(approved, contexts)).toBe("abc123");
    expect(evaluate(approved, { ...contexts, "needs.plan.outputs.needs-approval": "false" })).toBe("");
  });

  it("interpolates expressions in values, and reads if: with or without the braces", () => {
    expect(interpolate(`group-${expression("github.event_name")}`, contexts)).toBe("group-push");
    expect(condition("github.event_name == 'schedule' || github.event_name == 'push'", contexts)).toBe(true);
    expect(condition(expression("github.event_name != 'push'"), contexts)).toBe(false);
    expect(condition("!secrets.EMPTY", contexts)).toBe(true);
    expect(evaluate("'it''s'", contexts)).toBe("it's");
  });

  it("refuses a reference the rehearsal does not provide, instead of reading it as empty", () => {
    expect(() => evaluate("secrets.UNKNOWN", contexts)).toThrow(/provides no `secrets.UNKNOWN`/);
    expect(() => evaluate("github.event_name ==", contexts)).toThrow(/ends too early/);
  });
});
