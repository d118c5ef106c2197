import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmulatorAdmin } from "../../scripts/lib/emulator-admin";
import {
  describeFailure,
  type GitHubEvent,
  type GitHubSecrets,
  type JobRun,
  OperatorRepo,
  PASSPHRASE,
  Runner,
  runnerEnv,
  worldEnv,
} from "../../scripts/lib/gitops-runner";
import { isBackendGuard, loadWorkflow, runStep, stepLabel } from "../../scripts/lib/gitops-workflow";
import { type PostgresServer, startPostgres } from "../../scripts/lib/postgres-server";
import { REPO_ROOT } from "../../scripts/lib/pulumi-project";
import { type RunningEmulator, startEmulator } from "../../src/emulator";

/**
 * The GitOps workflow's own `run:` steps, job by job, against the emulator and a real PostgreSQL
 * state backend started for this file. Each job runs on a fresh runner: a new `git clone` of the
 * operator's repository (the quick start with a bare agentId, fixtures/bare-agent-quickstart, and its committed stack config), a new PULUMI_HOME
 * and temp folder; runners share nothing but the database. The runner evaluates the workflow's own
 * `env:`, `environment:`, `if:` and `outputs:` with the secrets GitHub would give each job
 * (SECRETS below: a read-only database login for every job but `up`, the API key only in the
 * main-only environments) and runs each step with GitHub's shell (`bash -e`, or `bash -eo pipefail`
 * under `shell: bash`). Left out: `uses:` steps (this machine has the CLI and Node 22) and `npm ci`
 * (the clones resolve this repo's install; see scripts/lib/gitops-runner.ts), and GitHub's own
 * part: the environment's required reviewers, whose approval the rehearsal passes as the plan
 * job's outputs to the `up` job (a rejected deployment never starts `up`).
 *
 * The operator's repository vendors the guardrails policy pack (examples/guardrails-policy) with a
 * config for the quick start: it has no window and no `protect`, so `calling-hours` and
 * `running-batch-protected` are advisory there; `max-batch-size` (4 calls) and `webhook-secret`
 * stay mandatory.
 *
 * Set CAPTURE_PLAN_FIXTURES=1 to save each preview's JSON into test/unit/plan/fixtures/ (the
 * policy-* fixtures come from scripts/capture-policy-fixtures.ts).
 */

const API_KEY = "e2egitops.abcdefghijklmnopqrstuvwxyz012345";
/**
 * The quick start as it was before it declared its agent: a batch under a bare `agentId` from config,
 * which these scenarios change to force a replace (fixtures/bare-agent-quickstart).
 */
const BARE_AGENT_QUICKSTART = path.join(REPO_ROOT, "test", "e2e", "fixtures", "bare-agent-quickstart");
const FIRST_AGENT = "6c8d3c1e-2f4b-4a7e-9b1d-0e5f7a9c3b21"; // the fixture's default
const SECOND_AGENT = "0b6f1d7e-3c2a-4e59-8f10-7a2d9c4e6b38";
const FIXTURES = path.join(REPO_ROOT, "test", "unit", "plan", "fixtures");
const PACK = path.join(REPO_ROOT, "examples", "guardrails-policy");
const PACK_CONFIG = {
  "calling-hours": "advisory",
  "running-batch-protected": "advisory",
  "max-batch-size": { enforcementLevel: "mandatory", maxCalls: 4 },
  "webhook-secret": "mandatory",
};
const workflow = loadWorkflow();
const stack = `gitops${Date.now().toString(36)}`;
const root = path.join(REPO_ROOT, ".tmp", "gitops", stack);

let postgres: PostgresServer | undefined;
let emulator: RunningEmulator;
let admin: EmulatorAdmin;
let operator: OperatorRepo;
let runners = 0;
let secrets: GitHubSecrets;

const EVENTS: Record<string, GitHubEvent> = {
  preview: "pull_request",
  plan: "push",
  up: "push",
  drift: "schedule",
};

/** A job on a fresh runner (a new clone of the operator's repository), triggered as GitHub would. */
function onFreshRunner(job: string, needs: Record<string, string> = {}): Promise<JobRun> {
  runners += 1;
  return new Runner(operator, `runner-${runners}`).runJob(
    workflow,
    job,
    { event: EVENTS[job]!, needs },
    secrets,
  );
}

/** What the `up` job gets from the plan job: its outputs, as `needs.plan.outputs.*`. */
const needsOf = (plan: { "needs-approval"?: string; approvals?: string }) => ({
  "needs.plan.outputs.needs-approval": plan["needs-approval"] ?? "false",
  "needs.plan.outputs.approvals": plan.approvals ?? "",
});

function expectSuccess(run: JobRun): void {
  expect(run.failed, describeFailure(run)).toBeUndefined();
}

/**
 * The merge: the plan job, then the up job with what GitHub would hand it. When the plan needs
 * approval, GitHub starts `up` only once a reviewer approves; `approved: false` instead hands `up`
 * a plan job that asked for none, as if the live batches changed between the two jobs.
 */
async function merge(approvedByReviewer: boolean): Promise<{ plan: JobRun; up: JobRun }> {
  const plan = await onFreshRunner("plan");
  expectSuccess(plan);
  const needsApproval = plan.jobOutputs["needs-approval"];
  expect(needsApproval).toMatch(/^(true|false)$/);
  const up = await onFreshRunner("up", needsOf(approvedByReviewer ? plan.jobOutputs : {}));
  expect(up.environment).toBe(
    needsApproval === "true" && approvedByReviewer ? "campaigns-approval" : "campaigns",
  );
  return { plan, up };
}

/** A file the last runner's job left in its temp folder. */
function lastRunnerFile(file: string): string {
  return fs.readFileSync(path.join(root, `runner-${runners}`, "runner-temp", file), "utf8");
}

function capture(name: string, run: JobRun, file = "plan.json"): void {
  if (!process.env.CAPTURE_PLAN_FIXTURES) return;
  const temp = path.join(root, `runner-${runners}`, "runner-temp", file);
  fs.mkdirSync(FIXTURES, { recursive: true });
  fs.copyFileSync(temp, path.join(FIXTURES, `${name}.json`));
  expect(run).toBeDefined();
}

/** The stack's state as the backend holds it (resources only: what a refresh would rewrite). */
async function stateResources(): Promise<unknown> {
  const exported = JSON.parse(await operator.pulumi(["stack", "export", "--stack", stack])) as {
    deployment: { resources?: unknown[] };
  };
  return exported.deployment.resources;
}

async function methods(): Promise<string[]> {
  return (await admin.journal()).map((entry) => entry.method);
}

/** The requests that change something at the service. */
async function writes(): Promise<string[]> {
  return (await methods()).filter((method) => method !== "GET");
}

const batchPath = (agentId: string, batchId: string) => `/api/agents/${agentId}/scheduled_batches/${batchId}`;

const extraCall = (to: string, customerId: string, firstName: string) => `    {
      medium: { twilio: { outgoing: { to: "${to}", from: "+14155550100" } } },
      metadata: { customerId: "${customerId}" },
      templateContext: { firstName: "${firstName}", plan: "Team" },
    },
`;
/** A step that runs the CLI (a line starting with `pulumi`, perhaps after variable assignments). */
const RUNS_PULUMI = /^\s*(\w+=\S+\s+)*pulumi\s/m;

/** A pull request's program that sends a POST of its own during preview, with any key it can find. */
const SNEAKY_POST = `const sneakyKey = process.env.ULTRAVOX_API_KEY ?? new pulumi.Config("ultravox").get("apiKey") ?? "";
export const sneaky = fetch(\`\${new pulumi.Config("ultravox").require("baseUrl")}/api/agents/6c8d3c1e-2f4b-4a7e-9b1d-0e5f7a9c3b21/scheduled_batches\`, {
  method: "POST",
  headers: { "X-API-Key": sneakyKey, "Content-Type": "application/json" },
  body: JSON.stringify({ calls: [{ medium: { twilio: { outgoing: { to: "+14155550109", from: "+14155550100" } } } }] }),
}).then((response) => response.status);
`;
const BARBARA = extraCall("+14155550104", "c-104", "Barbara");
const EDSGER = extraCall("+14155550105", "c-105", "Edsger");

/** The quick start's program with `calls` appended to its call list. */
function withCalls(program: string, calls: string[]): string {
  expect(program).toContain("  ],\n});");
  return program.replace("  ],\n});", `${calls.join("")}  ],\n});`);
}

async function liveBatchId(agentId: string): Promise<string> {
  const batches = await admin.batches(agentId);
  expect(batches).toHaveLength(1);
  return String(batches[0]!.batchId);
}

beforeAll(async () => {
  // No skip: without PostgreSQL this file fails, saying why.
  postgres = await startPostgres();
  emulator = await startEmulator({ clock: "manual", apiKeys: [API_KEY] });
  admin = new EmulatorAdmin(emulator);
  operator = new OperatorRepo({
    root,
    projectSource: BARE_AGENT_QUICKSTART,
    backendUrl: postgres.url,
    stack,
  });
  // The operator's one-time setup: the stack in the database, its config committed to git.
  // The API key is never in the stack's config (a pull request's preview could decrypt it there):
  // GitHub's environments hold it. The operator, a person, has it in their shell.
  operator.env.ULTRAVOX_API_KEY = API_KEY;
  await operator.pulumi(["stack", "init", stack]);
  await operator.pulumi(["config", "set", "ultravox:baseUrl", emulator.url, "--stack", stack]);
  const writer = { ULTRAVOX_API_KEY: API_KEY, PULUMI_BACKEND_URL: postgres.url };
  secrets = {
    repository: {
      PULUMI_BACKEND_URL_READONLY: postgres.readOnlyUrl("pulumi_reader"),
      PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
    },
    environments: {
      "campaigns-read": { ULTRAVOX_API_KEY: API_KEY },
      campaigns: writer,
      "campaigns-approval": writer,
    },
  };
  // The guardrails, vendored where the workflow's POLICY_PACK and POLICY_CONFIG point.
  const policyDir = path.join(operator.dir, "policy");
  fs.cpSync(PACK, path.join(policyDir, "guardrails"), {
    recursive: true,
    filter: (source) => path.basename(source) !== "node_modules",
  });
  fs.writeFileSync(
    path.join(policyDir, "guardrails-config.json"),
    `${JSON.stringify(PACK_CONFIG, null, 2)}\n`,
  );
  operator.commit("the prod stack's config and the guardrails");
}, 300_000);

afterAll(async () => {
  try {
    if (operator) await operator.pulumi(["destroy", "--yes", "--skip-preview", "--stack", stack]);
  } finally {
    await emulator?.close();
    postgres?.stop();
    fs.rmSync(root, { recursive: true, force: true });
  }
}, 300_000);

describe("the workflow file", () => {
  it("has a plan for pull requests, plan then up for main, and a scheduled drift alarm, all guarded", () => {
    expect(workflow.jobs.preview!.if).toMatch(/pull_request/);
    expect(workflow.jobs.plan!.if).toMatch(/push/);
    expect(workflow.jobs.up!.needs).toBe("plan");
    expect(workflow.jobs.up!.environment).toMatch(/needs\.plan\.outputs\.needs-approval == 'true'/);
    // `up` applies exactly the plan its refusal step saved.
    const upRuns = workflow.jobs.up!.steps.map((step) => step.run ?? "").join("\n");
    expect(upRuns).toContain('--save-plan "$RUNNER_TEMP/update-plan.json"');
    expect(upRuns).toContain('--plan "$RUNNER_TEMP/update-plan.json"');
    expect(workflow.jobs.drift!.if).toMatch(/schedule/);
    expect(workflow.on.schedule).toBeDefined();
    for (const job of ["preview", "plan", "up", "drift"]) {
      const steps = workflow.jobs[job]!.steps;
      const guard = steps.findIndex(isBackendGuard);
      const firstPulumi = steps.findIndex((s) => RUNS_PULUMI.test(s.run ?? ""));
      expect(guard).toBeGreaterThan(-1);
      expect(guard).toBeLessThan(firstPulumi);
    }
  });

  it("every preview that plans, and the merge's up, run the guardrails policy pack with its config", () => {
    const commands = ["preview", "plan", "up"].flatMap((job) =>
      workflow.jobs[job]!.steps.flatMap(
        (step) => step.run?.replace(/\\\n\s*/g, " ").match(/pulumi (preview|up) [^\n]*/g) ?? [],
      ),
    );
    expect(commands.length).toBe(4); // preview, plan, and the up job's refusal preview and its up
    for (const command of commands) {
      // `:?` fails the step when a variable is empty: `--policy-pack ""` would run no pack.
      expect(command).toContain(
        `--policy-pack "\${POLICY_PACK:?}" --policy-pack-config "\${POLICY_CONFIG:?}"`,
      );
    }
    const previews = commands.filter((command) => command.startsWith("pulumi preview"));
    expect(previews.every((command) => command.includes("--event-log"))).toBe(true);
  });

  it("the backend guard refuses file:// and no backend, and accepts durable ones", async () => {
    const guard = workflow.jobs.up!.steps.find(isBackendGuard)!;
    const env = (overrides: Record<string, string>) => ({
      ...worldEnv(operator.options, root),
      ...overrides,
    });
    const refused = await runStep(guard, root, env({ PULUMI_BACKEND_URL: "file:///home/runner/state" }));
    expect(refused.status, refused.output).toBe(1);
    expect(refused.output).toMatch(/file:\/\/ backend: its state dies with the runner/);
    expect((await runStep(guard, root, env({ PULUMI_BACKEND_URL: "" }))).status).toBe(1);
    for (const url of [postgres!.url, "s3://campaign-state/pulumi"]) {
      expect((await runStep(guard, root, env({ PULUMI_BACKEND_URL: url }))).status).toBe(0);
    }
    const cloud = env({ PULUMI_BACKEND_URL: "", PULUMI_ACCESS_TOKEN: "pul-x" });
    expect((await runStep(guard, root, cloud)).status).toBe(0);
  });

  it("least privilege: no secret at workflow or job level, no write key or write backend in a pull request's job", () => {
    const text = (value: unknown) => JSON.stringify(value ?? {});
    expect(text(workflow.env)).not.toContain("secrets.");
    for (const [name, job] of Object.entries(workflow.jobs))
      expect(text(job.env), name).not.toContain("secrets.");
    const pr = workflow.jobs.preview!;
    expect(pr.environment).toBeUndefined();
    const prSecrets = text(pr.steps.map((step) => step.env)).match(/secrets\.\w+/g) ?? [];
    expect(new Set(prSecrets)).toEqual(
      new Set([
        "secrets.PULUMI_BACKEND_URL_READONLY",
        "secrets.PULUMI_ACCESS_TOKEN_READONLY",
        "secrets.PULUMI_CONFIG_PASSPHRASE",
      ]),
    );
    // Reads only for the plan job and the drift alarm: a read-only backend login.
    for (const name of ["plan", "drift"]) {
      expect(workflow.jobs[name]!.environment, name).toBe("campaigns-read");
      expect(text(workflow.jobs[name]!.steps.map((step) => step.env)), name).not.toMatch(
        /secrets\.PULUMI_BACKEND_URL\b/,
      );
    }
  });

  it("every step that pipes a command GitHub must see fail runs under `shell: bash` (pipefail)", () => {
    const piped = Object.values(workflow.jobs).flatMap((job) =>
      job.steps.filter((step) => /\|\s*tee\b/.test(step.run ?? "")),
    );
    expect(piped.length).toBe(2);
    for (const step of piped) expect(step.shell, stepLabel(step)).toBe("bash");
  });

  it("the rehearsal runs steps as GitHub does: bash -e hides a failure before a pipe, shell: bash does not", async () => {
    const env = runnerEnv(path.join(root, "shell-home"));
    const step = { run: "false | cat\necho reached" };
    const plain = await runStep(step, root, env);
    expect(plain.status).toBe(0);
    expect(plain.output).toContain("reached");
    expect((await runStep({ ...step, shell: "bash" }, root, env)).status).toBe(1);
    expect((await runStep({ run: "false\necho reached" }, root, env)).status).toBe(1); // -e still holds
  });

  it("every job refuses a stack config that holds the API key", async () => {
    for (const job of ["preview", "plan", "up"]) {
      const steps = workflow.jobs[job]!.steps;
      const guard = steps.findIndex((step) => step.name === "Refuse an API key in the stack's config");
      expect(guard, job).toBeGreaterThan(-1);
      expect(guard).toBeLessThan(steps.findIndex((step) => RUNS_PULUMI.test(step.run ?? "")));
    }
    const guard = workflow.jobs.up!.steps.find(
      (step) => step.name === "Refuse an API key in the stack's config",
    )!;
    const dir = fs.mkdtempSync(path.join(root, "key-in-config-"));
    const env = { ...runnerEnv(path.join(root, "guard-home")), STACK: "prod" };
    expect((await runStep(guard, dir, env)).status).toBe(0);
    fs.writeFileSync(path.join(dir, "Pulumi.prod.yaml"), "config:\n  ultravox:apiKey:\n    secure: v1:abc\n");
    const refused = await runStep(guard, dir, env);
    expect(refused.status).toBe(1);
    expect(refused.output).toContain("Pulumi.prod.yaml holds ultravox:apiKey");
  });
});

// Each job starts the CLI, the language host and the provider host afresh, as on a real runner.
describe("the workflow's jobs on fresh runners sharing only a PostgreSQL backend", {
  timeout: 300_000,
}, () => {
  it("pull request: the plan says who gets called, and nothing is sent", async () => {
    await admin.clearJournal();
    const run = await onFreshRunner("preview");
    expectSuccess(run);
    capture("create", run);
    expect(run.summary).toContain(
      "**spring-renewals** is created: **3 calls will be dialled**, starting at once (no window start)",
    );
    // The quick start has no window and no protect: the pack's advisory rules warn the reviewer.
    expect(run.summary).toContain("⚠️ Advisory guardrail `calling-hours` on **spring-renewals**");
    expect(run.summary).toContain("⚠️ Advisory guardrail `running-batch-protected` on **spring-renewals**");
    expect(run.summary).not.toContain("MANDATORY");
    expect(await admin.journal()).toEqual([]);
    expect(lastRunnerFile("plan.json")).not.toContain(API_KEY);
  });

  it("pull request whose program POSTs during preview: it holds no key that can write, so nobody is called", async () => {
    const index = path.join(operator.dir, "index.ts");
    const program = fs.readFileSync(index, "utf8");
    fs.writeFileSync(index, `${program}\n${SNEAKY_POST}`);
    operator.commit("a pull request that dials during preview");
    try {
      await admin.clearJournal();
      const run = await onFreshRunner("preview");
      expectSuccess(run);
      const journal = await admin.journal();
      expect(journal.map((entry) => `${entry.method} ${entry.status}`)).toEqual(["POST 401"]);
      expect(await admin.batches(FIRST_AGENT)).toHaveLength(0);
      // A pull request cannot reach the environments that hold the key either.
      const plan = await new Runner(operator, `runner-${++runners}`).runJob(
        workflow,
        "plan",
        { event: "pull_request" },
        secrets,
      );
      expect(plan.failed!.output).toContain(
        "is not allowed to deploy to campaigns-read due to environment protection rules",
      );
    } finally {
      fs.writeFileSync(index, program);
      operator.commit("revert the sneaky pull request");
    }
  });

  it("merge on runner A: the plan job needs no approval, the up job creates the campaign with one POST", async () => {
    await admin.clearJournal();
    const { plan, up } = await merge(false);
    expect(plan.jobOutputs["needs-approval"]).toBe("false");
    expectSuccess(up);
    expect(up.steps.at(-1)!.output).toMatch(/2 created/);
    expect(await writes()).toEqual(["POST"]);
  });

  it("the merge's up job again on runner B, a fresh clone: no POST, still exactly one batch", async () => {
    await admin.clearJournal();
    const up = await onFreshRunner("up", needsOf({}));
    expectSuccess(up);
    expect(await methods()).toEqual(["GET", "GET"]); // the refusal step's preview, then up's refresh
    expect(await admin.batches(FIRST_AGENT)).toHaveLength(1);
  });

  it("drift alarm: passes while the live campaign matches git", async () => {
    const run = await onFreshRunner("drift");
    expectSuccess(run);
    capture("drift-none", run, "drift.json");
    expect(run.steps.at(-1)!.output).toContain("No drift: 1 live batch(es) match git.");
  });

  it("drift alarm: a call list changed outside git shows as a call count git does not declare", async () => {
    const batchId = await liveBatchId(FIRST_AGENT);
    const call = (to: string) => ({ medium: { twilio: { outgoing: { to, from: "+14155550100" } } } });
    const calls = ["+14155550101", "+14155550102", "+14155550103", "+14155550104"].map(call);
    const edited = await admin.request("PATCH", batchPath(FIRST_AGENT, batchId), { calls });
    expect(edited.status).toBe(200);
    const before = await stateResources();
    await admin.clearJournal();
    const run = await onFreshRunner("drift");
    capture("drift-calls", run, "drift.json");
    expect(run.failed, "the alarm must fail").toBeDefined();
    expect(run.failed!.output).toContain(
      "::error title=Campaign drift::batch spring-renewals differs from git: the service holds 4 calls, git declares 3",
    );
    expect(await methods()).toEqual(["GET"]);
    expect(await stateResources()).toEqual(before);
  });

  it("pull request over the batch-size limit: the summary shows the mandatory violation, its merge is refused before any write", async () => {
    const index = path.join(operator.dir, "index.ts");
    fs.writeFileSync(index, withCalls(fs.readFileSync(index, "utf8"), [BARBARA, EDSGER]));
    operator.commit("call Barbara and Edsger too");
    await admin.clearJournal();
    const pr = await onFreshRunner("preview");
    expect(pr.failed, "the preview must fail").toBeDefined();
    expect(pr.summary).toContain(
      "🚫 **MANDATORY GUARDRAIL FAILS: `max-batch-size`** on **spring-renewals**: the batch has 5 calls, more than the 4 allowed (maxCalls)",
    );
    expect(pr.summary).toContain("⚠️ Advisory guardrail `calling-hours`");
    const plan = await onFreshRunner("plan"); // the merge; `up` needs it, so GitHub never starts up
    expect(plan.failed?.step.id).toBe("plan");
    expect(plan.failed!.output).toContain(
      "::error title=Guardrail (mandatory)::max-batch-size on spring-renewals",
    );
    expect(new Set(await methods())).toEqual(new Set(["GET"])); // refresh reads only
    // The operator takes Edsger out again: the next pull request holds 4 calls.
    fs.writeFileSync(index, fs.readFileSync(index, "utf8").replace(EDSGER, ""));
    operator.commit("only Barbara");
  });

  it("pull request that adds a call: the plan names the field and the change, and its merge sends one PATCH", async () => {
    const pr = await onFreshRunner("preview");
    expectSuccess(pr);
    capture("update", pr);
    // The webhook secret the service chose, and the API key, stay masked in the plan.
    const [live] = await admin.batches(FIRST_AGENT);
    for (const secret of [String(live!.webhookSecret), API_KEY]) {
      expect(lastRunnerFile("plan.json")).not.toContain(secret);
      expect(lastRunnerFile("events.jsonl")).not.toContain(secret);
      expect(pr.summary).not.toContain(secret);
    }
    expect(pr.summary).toContain(
      "✏️ **spring-renewals** is updated: `calls`. The call list is sent whole: now 4 calls, +1 −0.",
    );
    await admin.clearJournal();
    const up = await onFreshRunner("up", needsOf({}));
    expectSuccess(up);
    const patches = (await admin.journal()).filter((entry) => entry.method !== "GET");
    expect(patches.map((entry) => entry.method)).toEqual(["PATCH"]);
    expect(Object.keys(patches[0]!.body as object)).toEqual(["calls"]);
  });

  it("drift alarm with calls the program made secret: a call list changed outside git shows against git's plain callCount", async () => {
    const index = path.join(operator.dir, "index.ts");
    const program = fs.readFileSync(index, "utf8");
    expect(program).toContain("  calls: [");
    fs.writeFileSync(
      index,
      program.replace("  calls: [", "  calls: pulumi.secret([").replace("  ],\n});", "  ]),\n});"),
    );
    operator.commit("the calls are secret");
    const batchId = await liveBatchId(FIRST_AGENT);
    const call = (to: string) => ({ medium: { twilio: { outgoing: { to, from: "+14155550100" } } } });
    const five = ["+14155550101", "+14155550102", "+14155550103", "+14155550104", "+14155550106"].map(call);
    expect((await admin.request("PATCH", batchPath(FIRST_AGENT, batchId), { calls: five })).status).toBe(200);
    await admin.clearJournal();
    const run = await onFreshRunner("drift");
    expect(run.failed, "the alarm must fail").toBeDefined();
    expect(run.failed!.output).toContain(
      "::error title=Campaign drift::batch spring-renewals differs from git: the service holds 5 calls, git declares 4",
    );
    expect(run.failed!.output).not.toContain("+14155550106");
    expect(await methods()).toEqual(["GET"]);
    // Back as git has it: four calls, not secret.
    expect(
      (await admin.request("PATCH", batchPath(FIRST_AGENT, batchId), { calls: five.slice(0, 4) })).status,
    ).toBe(200);
    fs.writeFileSync(index, program);
    operator.commit("the calls in plain text again");
  });

  it("drift alarm: a pause made outside git names the batch and the field, and writes no state", async () => {
    const batchId = await liveBatchId(FIRST_AGENT);
    const paused = await admin.request("PATCH", batchPath(FIRST_AGENT, batchId), { paused: true });
    expect(paused.status).toBe(200);
    const before = await stateResources();
    await admin.clearJournal();
    const run = await onFreshRunner("drift");
    expect(run.failed, "the alarm must fail").toBeDefined();
    expect(run.failed!.output).toContain("resource 'spring-renewals': property paused value {false}");
    expect(run.failed!.output).toContain("the batch has paused: true");
    expect(await methods()).toEqual(["GET"]);
    expect(await stateResources()).toEqual(before);
    // The operator accepts the pause into git, as the message asks.
    await operator.pulumi(["config", "set", "paused", "true", "--stack", stack]);
    operator.commit("keep spring-renewals paused");
  });

  it("pull request that moves the batch to another agent: the plan says, loudly, that every call is dialled again", async () => {
    await operator.pulumi(["config", "set", "agentId", SECOND_AGENT, "--stack", stack]);
    // The batch may be dialing (the state, read without a refresh, says its window is open and it is
    // not paused), so the provider refuses the replace unless the author approves this one re-dial in
    // the program (docs/campaign-lifecycle.md); the plan gate then still asks a reviewer.
    const index = path.join(operator.dir, "index.ts");
    const program = fs.readFileSync(index, "utf8");
    const optIn = `paused: config.requireBoolean("paused"),\n  allowRedialOf: "${await liveBatchId(FIRST_AGENT)}",`;
    fs.writeFileSync(index, program.replace('paused: config.requireBoolean("paused"),', optIn));
    expect(fs.readFileSync(index, "utf8")).toContain("allowRedialOf");
    operator.commit("move spring-renewals to the new agent");
    await admin.clearJournal();
    const run = await onFreshRunner("preview");
    expectSuccess(run);
    capture("replace", run);
    expect(run.summary).toContain("🚨 **REPLACED: spring-renewals. EVERY CALL IS DIALLED AGAIN**");
    expect(run.summary).toContain("Forced by `agentId`");
    // The one GET a preview may send, the new agent proven to exist: the pull request's placeholder key
    // is refused (401), so the preview warns and goes on; `up` checks again with its own key.
    expect(await methods()).toEqual(["GET"]);
  });

  let approvedPlan: Record<string, string> = {};

  it("its merge, not approved: the plan job asks for approval and an up job without it refuses before any write", async () => {
    await admin.clearJournal();
    const { plan, up } = await merge(false);
    expect(plan.jobOutputs["needs-approval"]).toBe("true");
    expect(plan.jobOutputs.approvals).toMatch(/^[0-9a-f]{32}$/);
    approvedPlan = plan.jobOutputs;
    expect(up.failed?.step.name).toMatch(/^Refuse what no reviewer approved/);
    expect(up.failed!.output).toContain(
      "::error title=Refused without approval::batch spring-renewals: its people are called again: it is replaced",
    );
    expect(new Set(await methods())).toEqual(new Set(["GET"]));
    expect(await admin.batches(SECOND_AGENT)).toHaveLength(0);
  });

  it("its merge, approved by a reviewer: exactly the approved plan is applied, the old batch deleted, then one new batch created", async () => {
    await admin.clearJournal();
    const up = await onFreshRunner("up", needsOf(approvedPlan));
    expect(up.environment).toBe("campaigns-approval");
    expectSuccess(up);
    expect(up.steps.at(-2)!.output).toContain(
      "Approved by a reviewer: batch spring-renewals: its people are called again",
    );
    expect(await writes()).toEqual(["DELETE", "POST"]);
    expect(await admin.batches(SECOND_AGENT)).toHaveLength(1);
    expect(await admin.batches(FIRST_AGENT)).toHaveLength(0);
  });

  it("a campaign deleted outside git (an emergency stop from the dashboard): its merge asks for approval to call everyone again, and up without it sends nothing", async () => {
    const batchId = await liveBatchId(SECOND_AGENT);
    expect((await admin.request("DELETE", batchPath(SECOND_AGENT, batchId))).status).toBeLessThan(300);
    await admin.clearJournal();
    const plan = await onFreshRunner("plan");
    if (plan.failed) {
      // With refresh keeping a tombstone, the provider refuses the re-create at preview itself.
      expect(plan.failed.output).toContain("allowRedialOf");
    } else {
      expect(plan.jobOutputs["needs-approval"]).toBe("true");
      expect(plan.summary).toContain("🚨 **RE-CREATED: spring-renewals. ITS PEOPLE ARE CALLED AGAIN**");
      const up = await onFreshRunner("up", needsOf({}));
      expect(up.failed?.step.name).toMatch(/^Refuse what no reviewer approved/);
    }
    expect(await writes()).toEqual([]);
    expect(await admin.batches(SECOND_AGENT)).toHaveLength(0);
  });

  it("pull request that removes the campaign from the program: the plan says it stops", async () => {
    fs.writeFileSync(
      path.join(operator.dir, "index.ts"),
      "// The spring-renewals campaign has ended.\nexport {};\n",
    );
    operator.commit("end spring-renewals");
    const run = await onFreshRunner("preview");
    expectSuccess(run);
    capture("delete", run);
    expect(run.summary).toContain("🛑 **spring-renewals** is deleted: the campaign stops");
    expect(run.summary).toContain("> [!CAUTION]");
  });

  it("a campaign under retainOnDelete, removed from git: the plan says it is left running, unmanaged, and its merge needs approval", async () => {
    const index = path.join(operator.dir, "index.ts");
    const quickstart = fs.readFileSync(path.join(BARE_AGENT_QUICKSTART, "index.ts"), "utf8");
    const retained = quickstart
      .replace('new ScheduledBatch("spring-renewals", {', 'new ScheduledBatch("summer-renewals", {')
      .replace("  ],\n});", "  ],\n}, { retainOnDelete: true });");
    expect(retained).toContain("{ retainOnDelete: true }");
    fs.writeFileSync(index, retained);
    operator.commit("summer-renewals, kept running if it ever leaves the program");
    await operator.pulumi(["config", "set", "agentId", FIRST_AGENT, "--stack", stack]);
    await operator.pulumi(["config", "set", "paused", "false", "--stack", stack]);
    operator.commit("summer-renewals on the first agent");
    const { up } = await merge(false);
    expectSuccess(up);
    expect(await admin.batches(FIRST_AGENT)).toHaveLength(1);

    fs.writeFileSync(index, "// summer-renewals leaves the program.\nexport {};\n");
    operator.commit("summer-renewals leaves git");
    const pr = await onFreshRunner("preview");
    expectSuccess(pr);
    expect(pr.summary).toContain("⚠️ **summer-renewals is left running, unmanaged**");
    expect(pr.summary).not.toContain("**summer-renewals** is deleted: the campaign stops");
    await admin.clearJournal();
    const refused = await merge(false);
    expect(refused.plan.jobOutputs["needs-approval"]).toBe("true");
    expect(refused.up.failed!.output).toContain(
      "::error title=Refused without approval::batch summer-renewals: it is left running, unmanaged",
    );
    expect(await writes()).toEqual([]);
    expect(await admin.batches(FIRST_AGENT)).toHaveLength(1);
  });
});
