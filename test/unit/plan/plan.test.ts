import { spawnSync } from "node:child_process";
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
 *
 * The plugin-* fixtures are `pulumi preview --json` of examples/yaml-campaign (the provider plugin)
 * against the emulator, captured by hand: its throttle loosened, and a `--replace` of its batch.
 */

interface State {
  type?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  retainOnDelete?: boolean;
}
interface Step {
  op: string;
  urn: string;
  oldState?: State;
  newState?: State;
  replaceReasons?: string[];
  diffReasons?: string[];
}
type Preview = { steps: Step[] };

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

/** A fixture with its steps edited (for cases the rehearsal cannot produce on this branch). */
function edited(name: string, edit: (preview: Preview) => void): string {
  const preview = JSON.parse(fixtureText(name)) as Preview;
  edit(preview);
  return JSON.stringify(preview);
}

const batchStep = (preview: Preview, op: string) =>
  preview.steps.find((step) => step.op === op && step.urn.endsWith("::spring-renewals"))!;

describe("encrypted calls (issue 24): counts from callCount, changes from the provider's review line", () => {
  const secretCalls = (preview: Preview) => {
    for (const step of preview.steps) {
      for (const state of [step.oldState, step.newState]) {
        if (state?.inputs?.calls === undefined) continue;
        const lines = String(state.inputs.calls)
          .split("\n")
          .filter((line) => line !== "");
        state.inputs.calls = "[secret]";
        state.inputs.callCount = lines.length;
      }
    }
  };

  it("a created batch still says how many calls will be dialled", () => {
    const { text } = plan(edited("create", secretCalls));
    expect(text).toContain("**3 calls will be dialled**");
  });

  it("an update names calls, the counts and each changed call masked, from the diagnostics", () => {
    const input = edited("update", (preview) => {
      secretCalls(preview);
      const urn = batchStep(preview, "update").urn;
      (preview as Preview & { diagnostics: unknown[] }).diagnostics = [
        {
          urn,
          severity: "warning",
          message: "batch b-1: calls: 4 calls, +1 −0: + call #4 (metadata.crmId C-4) +1 415 ***-0104\n",
        },
      ];
    });
    const { text } = plan(input);
    expect(text).toContain("is updated: `calls`. The call list is sent whole: now 4 calls, +1 −0.");
    expect(text).toContain("`+ call #4 (metadata.crmId C-4) +1 415 ***-0104`");
  });
});

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
      "- ✏️ **spring-renewals** is updated: `calls`. The call list is sent whole: now 4 calls, +1 −0.",
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
    expect(text).toContain("Forced by `pulumi up --replace`.");
    expect(text).not.toContain("Forced by `id`");
  });

  it("--refuse-replace-or-delete fails a replace and a delete, naming the batch", () => {
    for (const name of ["replace", "delete"]) {
      const { code, text } = plan(fixtureText(name), ["--refuse-replace-or-delete"]);
      expect(code, name).toBe(1);
      expect(text).toContain("::error title=Refused without approval::");
      expect(text).toContain("spring-renewals");
      expect(text).toContain(
        "::error::Refused: this plan calls people again, stops or abandons a campaign, or dials faster, and no reviewer approved it.",
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
    const lines = fs.readFileSync(file, "utf8").split("\n");
    expect(lines.slice(0, 2)).toEqual(["needs-approval=false", "approvals="]);
    expect(lines[2]).toBe("needs-approval=true");
    expect(lines[3]).toMatch(/^approvals=[0-9a-f]{32}$/);
  });

  it("--approved lets through exactly the approvals a reviewer saw, and nothing else", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "plan-")), "output");
    const saved = process.env.GITHUB_OUTPUT;
    process.env.GITHUB_OUTPUT = file;
    try {
      plan(fixtureText("replace"), ["--github-output"]);
    } finally {
      if (saved === undefined) delete process.env.GITHUB_OUTPUT;
      else process.env.GITHUB_OUTPUT = saved;
    }
    const token = fs.readFileSync(file, "utf8").match(/^approvals=(\w+)$/m)![1]!;
    const approved = plan(fixtureText("replace"), ["--refuse-unapproved", "--approved", token]);
    expect(approved.code).toBe(0);
    expect(approved.text).toContain(
      "Approved by a reviewer: batch spring-renewals: its people are called again: it is replaced.",
    );
    // The same token does not approve another plan (here: a delete instead of the replace).
    const other = plan(fixtureText("delete"), ["--refuse-unapproved", "--approved", token]);
    expect(other.code).toBe(1);
    expect(other.text).toContain("::error::The plan changed since the reviewer approved it");
    expect(plan(fixtureText("replace"), ["--refuse-unapproved", "--approved", ""]).code).toBe(1);
  });
});

describe("re-dialling needs approval, whatever causes it (issue 23)", () => {
  const GONE_AT = "2030-01-15T10:00:00.000Z";
  const refused = (input: string) => plan(input, ["--refuse-unapproved"]);

  it("a tombstone the plan re-creates: its people are called again, and the merge is refused", () => {
    const input = edited("update", (preview) => {
      batchStep(preview, "update").oldState!.outputs!.deletedOutsideAt = GONE_AT;
    });
    const { code, text } = refused(input);
    expect(code).toBe(1);
    expect(text).toContain(
      `- 🚨 **RE-CREATED: spring-renewals. ITS PEOPLE ARE CALLED AGAIN**: it was deleted outside the program (refresh found it gone at ${GONE_AT}), and this plan creates it again. The new batch dials all 4 calls`,
    );
    expect(text).toContain(
      "::error title=Refused without approval::batch spring-renewals: its people are called again",
    );
    expect(text).toContain('add `allowRedialOf: "368f471c-9dbd-4a50-bfab-b6448576bb33"` to the batch');
  });

  it("a batch the refresh dropped (the state held it), created again: the same", () => {
    const input = edited("create", (preview) => {
      const created = batchStep(preview, "create");
      const held = JSON.parse(fixtureText("update")) as Preview;
      preview.steps.unshift({
        op: "refresh",
        urn: created.urn,
        oldState: batchStep(held, "refresh").oldState,
      });
    });
    const { code, text } = refused(input);
    expect(code).toBe(1);
    expect(text).toContain(
      "🚨 **RE-CREATED: spring-renewals. ITS PEOPLE ARE CALLED AGAIN**: the state held it before this preview's refresh",
    );
    expect(text).toContain(
      'To call them again on purpose, add `allowRedialOf: "368f471c-9dbd-4a50-bfab-b6448576bb33"` to the batch; a reviewer must still approve.',
    );
    expect(plan(fixtureText("create"), ["--refuse-unapproved"]).code).toBe(0); // a first create is not a re-dial
  });

  it("forgetting a tombstone sends nothing and needs no approval", () => {
    const input = edited("delete", (preview) => {
      batchStep(preview, "delete").oldState!.outputs!.deletedOutsideAt = GONE_AT;
    });
    const { code, text } = refused(input);
    expect(code).toBe(0);
    expect(text).toContain(
      `🪦 **spring-renewals** is forgotten: it was deleted outside the program (refresh found it gone at ${GONE_AT}); nothing is sent.`,
    );
  });

  it("pulumi up --replace (the engine's reason: id) is a re-dial forced on request", () => {
    const input = edited("replace", (preview) => {
      const step = batchStep(preview, "replace");
      step.replaceReasons = ["id"];
      step.newState!.inputs!.agentId = step.oldState!.inputs!.agentId;
    });
    const { code, text } = refused(input);
    expect(code).toBe(1);
    expect(text).toContain("🚨 **REPLACED: spring-renewals. EVERY CALL IS DIALLED AGAIN**");
    expect(text).toContain("Forced by `pulumi up --replace`.");
    expect(text).not.toContain("a secret value");
  });

  it("a batch removed from git under retainOnDelete is left running, unmanaged, and needs approval", () => {
    const input = edited("delete", (preview) => {
      batchStep(preview, "delete").oldState!.retainOnDelete = true;
    });
    const { code, text } = refused(input);
    expect(code).toBe(1);
    expect(text).toContain(
      "⚠️ **spring-renewals is left running, unmanaged**: it leaves the program with `retainOnDelete: true`, so nothing is sent",
    );
    expect(text).not.toContain("the campaign stops");
  });

  const THROTTLE = "pulumi-nodejs:dynamic/ultravox:CallThrottle";
  const throttleUrn =
    "urn:pulumi:prod::ultravox-quickstart::pulumi-nodejs:dynamic/ultravox:CallThrottle::gentle";
  const throttleState = (rules: { maxCalls: number; windowSeconds: number }[], name = "gentle"): State => ({
    type: THROTTLE,
    inputs: { name, rules },
    outputs: { name, rules, throttleId: "t-1" },
  });
  const withThrottle = (step: Step) => edited("create", (preview) => preview.steps.push(step));

  it("a throttle loosened, deleted or replaced makes its batches dial faster: approval", () => {
    const slow = [{ maxCalls: 10, windowSeconds: 60 }];
    const cases: [Step, string][] = [
      [
        {
          op: "update",
          urn: throttleUrn,
          oldState: throttleState(slow),
          newState: throttleState([{ maxCalls: 20, windowSeconds: 60 }]),
        },
        "throttle gentle's rules loosen (10 per 60 s -> 20 per 60 s): its batches may dial faster",
      ],
      [
        { op: "delete", urn: throttleUrn, oldState: throttleState(slow) },
        "throttle gentle is deleted: its batches dial at the plain rate",
      ],
      [
        { op: "replace", urn: throttleUrn, oldState: throttleState(slow), newState: throttleState(slow) },
        "throttle gentle is replaced",
      ],
    ];
    for (const [step, message] of cases) {
      const { code, text } = refused(withThrottle(step));
      expect(code, message).toBe(1);
      expect(text).toContain(`- ⏩ **Faster dialling**: ${message}`);
    }
  });

  it("a throttle tightened, or created, needs no approval", () => {
    const tighter: Step = {
      op: "update",
      urn: throttleUrn,
      oldState: throttleState([{ maxCalls: 10, windowSeconds: 60 }]),
      newState: throttleState([
        { maxCalls: 5, windowSeconds: 60 },
        { maxCalls: 100, windowSeconds: 3600 },
      ]),
    };
    expect(refused(withThrottle(tighter)).code).toBe(0);
    expect(refused(withThrottle({ op: "create", urn: throttleUrn, newState: throttleState([]) })).code).toBe(
      0,
    );
  });

  it("real previews through the provider plugin (YAML): a loosened throttle, and pulumi up --replace", () => {
    // examples/yaml-campaign with its throttle raised from 5 to 50 calls a minute; then previewed
    // with --replace of the batch (the engine's only replace reason is `id`).
    const loosened = refused(fixtureText("plugin-throttle-loosened"));
    expect(loosened.code).toBe(1);
    expect(loosened.text).toContain(
      "- ⏩ **Faster dialling**: throttle gentle's rules loosen (5 per 60 s -> 50 per 60 s): its batches may dial faster.",
    );
    const replaced = refused(fixtureText("plugin-replace-requested"));
    expect(replaced.code).toBe(1);
    expect(replaced.text).toContain("🚨 **REPLACED: campaign. EVERY CALL IS DIALLED AGAIN**");
    expect(replaced.text).toContain("Forced by `pulumi up --replace`.");
  });

  it("a batch that drops its throttle dials at the plain rate: approval", () => {
    const input = edited("update", (preview) => {
      const step = batchStep(preview, "update");
      step.oldState!.inputs!.throttle = "gentle";
      step.newState!.inputs!.throttle = undefined;
    });
    const { code, text } = refused(input);
    expect(code).toBe(1);
    expect(text).toContain(
      "⏩ **Faster dialling**: batch spring-renewals drops throttle gentle: it dials at the plain rate",
    );
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
      "::error title=Campaign drift::batch spring-renewals differs from git: calls (last applied 3 calls, git 4 calls) [4 calls, +1 −0]\n",
    );
  });

  it("sees a call list changed outside git when git's calls are secret, from the count state recorded", () => {
    const input = edited("drift-calls", (preview) => {
      for (const step of preview.steps.filter((s) => s.urn.endsWith("::spring-renewals"))) {
        for (const state of [step.oldState, step.newState])
          if (state?.inputs) state.inputs.calls = "[secret]";
      }
    });
    const { code, text } = plan(input, ["--drift"]);
    expect(code).toBe(1);
    expect(text).toBe(
      "::error title=Campaign drift::batch spring-renewals differs from git: the service holds 4 calls, the state recorded 3 at the last apply (git's calls are secret, so their count is not shown): the call list was changed outside git\n",
    );
  });

  it("names a batch deleted outside git that refresh kept as a tombstone", () => {
    const input = edited("drift-none", (preview) => {
      batchStep(preview, "same").oldState!.outputs!.deletedOutsideAt = "2030-01-15T10:00:00.000Z";
    });
    const { code, text } = plan(input, ["--drift"]);
    expect(code).toBe(1);
    expect(text).toContain(
      "batch spring-renewals was deleted outside git (refresh found it gone at 2030-01-15T10:00:00.000Z)",
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

  it("JSON with neither steps nor changeSummary ({}, a stack export) is refused, even with the refusal flag", () => {
    const exported = JSON.stringify({ version: 3, deployment: { manifest: {}, resources: [] } });
    for (const input of ["{}", exported]) {
      for (const args of [[], ["--refuse-unapproved"]]) {
        expect(() => plan(input, args)).toThrow(/neither `steps` nor `changeSummary`/);
      }
    }
    // The command itself exits 2 and prints the reason.
    const cli = path.join(__dirname, "..", "..", "..", "dist", "plan", "cli.js");
    const run = spawnSync(process.execPath, [cli, "--refuse-unapproved"], { input: "{}", encoding: "utf8" });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("ultravox-plan: the input is not `pulumi preview --json` output");
    expect(run.stdout).not.toContain("nobody new is called");
  });
});
