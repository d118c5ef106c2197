import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { runPlan } from "../../../src/plan/cli";

/**
 * `ultravox-plan` on real `pulumi preview --json` output, captured from the GitOps rehearsal
 * (test/e2e/gitops.e2e.test.ts with CAPTURE_PLAN_FIXTURES=1): a pull request that creates the
 * quick start's batch, one that adds a call, one that moves it to another agent (replace), one that
 * removes it, and the drift alarm's previews with the live batch unchanged and with its call list
 * changed outside git.
 *
 * The policy-* fixtures are the workflow's own plan step run on the quick start under the
 * guardrails pack (calling-hours and running-batch-protected advisory, max-batch-size 4
 * mandatory): its preview JSON and its event log (`--event-log`, which carries the violations the
 * JSON leaves out), first with 3 calls, then with 5; captured by scripts/capture-policy-fixtures.ts.
 */

type Preview = { steps: { op: string; urn: string; newState?: { inputs?: Record<string, unknown> } }[] };

const fixtureText = (name: string) =>
  fs.readFileSync(path.join(__dirname, "fixtures", `${name}.json`), "utf8");

function plan(input: string, args: string[] = []): { code: number; text: string } {
  let text = "";
  const code = runPlan(args, input, (chunk) => {
    text += chunk;
  });
  return { code, text };
}

/** The create fixture with the batch's inputs edited (for cases the rehearsal's program lacks). */
function editedCreate(edit: (inputs: Record<string, unknown>) => void): string {
  const preview = JSON.parse(fixtureText("create")) as Preview;
  const batch = preview.steps.find((step) => step.urn.endsWith("::spring-renewals"));
  edit(batch!.newState!.inputs!);
  return JSON.stringify(preview);
}

describe("the plan summary: who gets called", () => {
  it("a created batch: how many calls will be dialled, and in which window", () => {
    const { code, text } = plan(fixtureText("create"));
    expect(code).toBe(0);
    expect(text).toContain(
      "- 🆕 **spring-renewals** is created: **3 calls will be dialled**, starting at once (no window start), until every call is placed (no window end).",
    );
    expect(text).not.toContain("[!CAUTION]");
  });

  it("a created batch with a window shows both ends", () => {
    const input = editedCreate((inputs) => {
      inputs.windowStart = "2030-01-15T09:00:00-05:00";
      inputs.windowEnd = "2030-01-15T17:00:00-05:00";
    });
    expect(plan(input).text).toContain(
      "**3 calls will be dialled**, from 2030-01-15T09:00:00-05:00, until 2030-01-15T17:00:00-05:00.",
    );
  });

  it("an updated call list: names the field, the new count and the lines added and removed", () => {
    const { code, text } = plan(fixtureText("update"));
    expect(code).toBe(0);
    expect(text).toContain(
      "- ✏️ **spring-renewals** is updated: `calls`. The call list is sent whole: now 4 calls (+1 / -0 lines).",
    );
    expect(text).not.toContain("[!CAUTION]");
  });

  it("a replace says loudly that every call is dialled again, what forces it, and the live progress", () => {
    const { code, text } = plan(fixtureText("replace"));
    expect(code).toBe(0);
    expect(text).toContain(
      "- 🚨 **REPLACED: spring-renewals. EVERY CALL IS DIALLED AGAIN**: the new batch dials all 4 calls, starting at once (no window start), until every call is placed (no window end), including people already called. Forced by `agentId`. The live batch has placed 0 of 4 calls (paused).",
    );
    expect(text).toContain("> [!CAUTION]");
  });

  it("a delete says the campaign stops", () => {
    const { text } = plan(fixtureText("delete"));
    expect(text).toContain(
      "- 🛑 **spring-renewals** is deleted: the campaign stops; calls not yet placed are never dialled.",
    );
    expect(text).toContain("> [!CAUTION]");
  });

  it("a call list the engine masks as a secret is counted as secret, not guessed", () => {
    const input = editedCreate((inputs) => {
      inputs.calls = "[secret]";
    });
    expect(plan(input).text).toContain("**a secret number of calls will be dialled**");
  });

  it("a call list carried as a list (a provider plugin's form) is counted too", () => {
    const input = editedCreate((inputs) => {
      inputs.calls = [{ medium: {} }, { medium: {} }];
    });
    expect(plan(input).text).toContain("**2 calls will be dialled**");
  });

  it("--title names the summary", () => {
    expect(plan(fixtureText("create"), ["--title", "Who gets called: prod"]).text).toMatch(
      /^### Who gets called: prod\n/,
    );
  });
});

describe("the merge's refusal", () => {
  it("a replace the command asked for (`--replace`) says so, not `id`", () => {
    const preview = JSON.parse(fixtureText("replace")) as {
      steps: {
        op: string;
        replaceReasons?: string[];
        oldState?: { inputs?: Record<string, unknown> };
        newState?: { inputs?: Record<string, unknown> };
      }[];
    };
    for (const step of preview.steps) {
      if (step.replaceReasons?.includes("agentId")) step.replaceReasons = ["id"];
      if (step.op.includes("replace") && step.newState?.inputs && step.oldState?.inputs) {
        step.newState.inputs.agentId = step.oldState.inputs.agentId;
      }
    }
    const { text } = plan(JSON.stringify(preview));
    expect(text).toContain("Forced by `--replace` (the command asked for it; no input changed).");
    expect(text).not.toContain("Forced by `id`");
  });

  it("--refuse-replace-or-delete fails a replace and a delete, naming the batch", () => {
    for (const name of ["replace", "delete"]) {
      const { code, text } = plan(fixtureText(name), ["--refuse-replace-or-delete"]);
      expect(code, name).toBe(1);
      expect(text).toContain("::error title=Refused without approval::");
      expect(text).toContain("spring-renewals");
      expect(text).toContain(
        "::error::Refused: this plan replaces or deletes a batch and no reviewer approved it.",
      );
    }
  });

  it("--refuse-replace-or-delete lets a create and an update through", () => {
    for (const name of ["create", "update"]) {
      expect(plan(fixtureText(name), ["--refuse-replace-or-delete"]).code, name).toBe(0);
    }
  });

  it("--github-output tells the next job whether a reviewer must approve", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "plan-")), "output");
    const saved = process.env.GITHUB_OUTPUT;
    process.env.GITHUB_OUTPUT = file;
    try {
      plan(fixtureText("update"), ["--github-output"]);
      plan(fixtureText("replace"), ["--github-output"]);
    } finally {
      if (saved === undefined) delete process.env.GITHUB_OUTPUT;
      else process.env.GITHUB_OUTPUT = saved;
    }
    expect(fs.readFileSync(file, "utf8")).toBe("needs-approval=false\nneeds-approval=true\n");
  });
});

describe("the drift alarm", () => {
  it("passes when the live batch matches git", () => {
    const { code, text } = plan(fixtureText("drift-none"), ["--drift"]);
    expect(code).toBe(0);
    expect(text).toBe("No drift: 1 live batch(es) match git.\n");
  });

  it("names each differing field with its live and its git value", () => {
    // The add-a-call pull request's preview read as an alarm: the state's calls are 3 lines, git's
    // 4 (the live batch held 4 since the out-of-band edit, so the counts agree).
    const { code, text } = plan(fixtureText("update"), ["--drift"]);
    expect(code).toBe(1);
    expect(text).toBe(
      "::error title=Campaign drift::batch spring-renewals differs from git: calls (last applied 3 calls, git 4 calls)\n",
    );
  });

  it("fails on a call list changed outside git, which shows only as the live call count", () => {
    const { code, text } = plan(fixtureText("drift-calls"), ["--drift"]);
    expect(code).toBe(1);
    expect(text).toBe(
      "::error title=Campaign drift::batch spring-renewals differs from git: the service holds 4 calls, git declares 3: the call list was changed outside git\n",
    );
  });
});

describe("guardrail violations from the preview's event log", () => {
  const fixtureFile = (name: string) => path.join(__dirname, "fixtures", name);
  const withEvents = (name: string, args: string[] = []) =>
    plan(fixtureText(name), [...args, "--policy-events", fixtureFile(`${name}.jsonl`)]);

  it("the preview JSON alone carries no violation: the event log is where they are", () => {
    expect(fixtureText("policy-mandatory")).not.toContain("max-batch-size");
    expect(fs.readFileSync(fixtureFile("policy-mandatory.jsonl"), "utf8")).toContain(
      '"policyName":"max-batch-size"',
    );
  });

  it("advisory violations show as warnings under the plan, and the plan passes", () => {
    const { code, text } = withEvents("policy-advisory");
    expect(code).toBe(0);
    expect(text).toContain("**3 calls will be dialled**");
    expect(text).toContain(
      "- ⚠️ Advisory guardrail `calling-hours` on **spring-renewals**: the batch has no windowStart: its calls start as soon as it is created, at any local hour (it dials 3 phone numbers)",
    );
    expect(text).toContain("- ⚠️ Advisory guardrail `running-batch-protected` on **spring-renewals**: batch");
    expect(text).toContain("::warning title=Guardrail (advisory)::calling-hours on spring-renewals:");
    expect(text).not.toContain("MANDATORY");
    expect(text).not.toContain("[!CAUTION]");
  });

  it("a mandatory violation is shown loudly, first, with the plan, and fails the command", () => {
    const { code, text } = withEvents("policy-mandatory");
    expect(code).toBe(1);
    expect(text).toContain("**5 calls will be dialled**");
    const guardrails = text.slice(text.indexOf("#### Guardrails"));
    expect(guardrails.split("\n")[2]).toBe(
      "- 🚫 **MANDATORY GUARDRAIL FAILS: `max-batch-size`** on **spring-renewals**: the batch has 5 calls, more than the 4 allowed (maxCalls)",
    );
    expect(text).toContain(
      "> A mandatory guardrail fails: the preview fails, and the merge is refused before any request.",
    );
    expect(text).toContain(
      "::error title=Guardrail (mandatory)::max-batch-size on spring-renewals: the batch has 5 calls, more than the 4 allowed (maxCalls)",
    );
    expect(text).not.toContain("there is no plan");
  });

  it("the merge's refusal step fails on a mandatory violation even with a reviewer's approval", () => {
    expect(withEvents("policy-mandatory", ["--refuse-replace-or-delete"]).code).toBe(1);
    expect(withEvents("policy-mandatory", ["--title", "Approved plan"]).code).toBe(1);
  });

  it("an event log that is missing or not an event log is refused with the reason", () => {
    expect(() => plan(fixtureText("create"), ["--policy-events", fixtureFile("absent.jsonl")])).toThrow(
      /no policy event log at .*absent\.jsonl/,
    );
    expect(() => plan(fixtureText("create"), ["--policy-events", fixtureFile("create.json")])).toThrow(
      /event log's line 1 is not JSON/,
    );
  });
});

describe("input that is not a usable preview", () => {
  it("a failed preview: its errors, no plan, exit 2", () => {
    const input = JSON.stringify({
      steps: [],
      diagnostics: [
        { severity: "error", message: "error: resource 'spring-renewals': property paused ...\n" },
      ],
    });
    const { code, text } = plan(input);
    expect(code).toBe(2);
    expect(text).toContain("::error::error: resource 'spring-renewals': property paused ...");
    expect(text).toContain("The preview failed (errors above): there is no plan.");
    expect(text).not.toContain("nobody new is called");
  });

  it("text that is not JSON, or JSON that is not a preview, is refused with the reason", () => {
    expect(() => plan("Previewing update (prod):")).toThrow(/not JSON .*pipe in `pulumi preview --json`/);
    expect(() => plan(JSON.stringify({ steps: [{ op: 1 }] }))).toThrow(/steps\.0\.op/);
  });
});
