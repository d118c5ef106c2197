import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmulatorAdmin } from "../../scripts/lib/emulator-admin";
import {
  describeFailure,
  type JobRun,
  OperatorRepo,
  Runner,
  worldEnv,
} from "../../scripts/lib/gitops-runner";
import { isBackendGuard, loadWorkflow, runStep } from "../../scripts/lib/gitops-workflow";
import { type PostgresServer, startPostgres } from "../../scripts/lib/postgres-server";
import { REPO_ROOT } from "../../scripts/lib/pulumi-project";
import { type RunningEmulator, startEmulator } from "../../src/emulator";

/**
 * The GitOps workflow's own `run:` steps, job by job, against the emulator and a real PostgreSQL
 * state backend started for this file. Each job runs on a fresh runner: a new `git clone` of the
 * operator's repository (examples/quickstart and its committed stack config), a new PULUMI_HOME
 * and temp folder; runners share nothing but the database. Left out: `uses:` steps (this machine
 * has the CLI and Node 22) and `npm ci` (the clones resolve this repo's install; see
 * scripts/lib/gitops-runner.ts), and GitHub's own part: the environment's required reviewers,
 * whose approval the rehearsal passes as the job's REPLACE_OR_DELETE_APPROVED.
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
const FIRST_AGENT = "6c8d3c1e-2f4b-4a7e-9b1d-0e5f7a9c3b21"; // examples/quickstart's default
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

/** A job on a fresh runner (a new clone of the operator's repository). */
function onFreshRunner(job: string, jobEnv: Record<string, string> = {}): Promise<JobRun> {
  runners += 1;
  return new Runner(operator, `runner-${runners}`).runJob(workflow, job, jobEnv);
}

function expectSuccess(run: JobRun): void {
  expect(run.failed, describeFailure(run)).toBeUndefined();
}

/** The merge: the plan job, then the up job with what GitHub would hand it. */
async function merge(approvedByReviewer: boolean): Promise<{ plan: JobRun; up: JobRun }> {
  const plan = await onFreshRunner("plan");
  expectSuccess(plan);
  const needsApproval = plan.outputs["plan.needs-approval"];
  expect(needsApproval).toMatch(/^(true|false)$/);
  const up = await onFreshRunner("up", {
    REPLACE_OR_DELETE_APPROVED: String(needsApproval === "true" && approvedByReviewer),
  });
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
    projectSource: path.join(REPO_ROOT, "examples", "quickstart"),
    backendUrl: postgres.url,
    stack,
  });
  // The operator's one-time setup: the stack in the database, its config committed to git.
  await operator.pulumi(["stack", "init", stack]);
  await operator.pulumi(["config", "set", "--secret", "ultravox:apiKey", "--stack", stack], API_KEY);
  await operator.pulumi(["config", "set", "ultravox:baseUrl", emulator.url, "--stack", stack]);
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
    expect(workflow.jobs.drift!.if).toMatch(/schedule/);
    expect(workflow.on.schedule).toBeDefined();
    for (const job of ["preview", "plan", "up", "drift"]) {
      const steps = workflow.jobs[job]!.steps;
      const guard = steps.findIndex(isBackendGuard);
      const firstPulumi = steps.findIndex((s) => s.run?.includes("pulumi "));
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

  it("merge on runner A: the plan job needs no approval, the up job creates the campaign with one POST", async () => {
    await admin.clearJournal();
    const { plan, up } = await merge(false);
    expect(plan.outputs["plan.needs-approval"]).toBe("false");
    expectSuccess(up);
    expect(up.steps.at(-1)!.output).toMatch(/2 created/);
    expect(await writes()).toEqual(["POST"]);
  });

  it("the merge's up job again on runner B, a fresh clone: no POST, still exactly one batch", async () => {
    await admin.clearJournal();
    const up = await onFreshRunner("up", { REPLACE_OR_DELETE_APPROVED: "false" });
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
      "✏️ **spring-renewals** is updated: `calls`. The call list is sent whole: now 4 calls (+1 / -0 lines).",
    );
    await admin.clearJournal();
    const up = await onFreshRunner("up", { REPLACE_OR_DELETE_APPROVED: "false" });
    expectSuccess(up);
    const patches = (await admin.journal()).filter((entry) => entry.method !== "GET");
    expect(patches.map((entry) => entry.method)).toEqual(["PATCH"]);
    expect(Object.keys(patches[0]!.body as object)).toEqual(["calls"]);
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
    operator.commit("move spring-renewals to the new agent");
    await admin.clearJournal();
    const run = await onFreshRunner("preview");
    expectSuccess(run);
    capture("replace", run);
    expect(run.summary).toContain("🚨 **REPLACED: spring-renewals. EVERY CALL IS DIALLED AGAIN**");
    expect(run.summary).toContain("Forced by `agentId`");
    // The refresh's read, and the one GET a preview may send: the new agent proven to exist.
    expect(await methods()).toEqual(["GET", "GET"]);
  });

  it("its merge, not approved: the plan job asks for approval and the up job refuses before any write", async () => {
    await admin.clearJournal();
    const { plan, up } = await merge(false);
    expect(plan.outputs["plan.needs-approval"]).toBe("true");
    expect(up.failed?.step.name).toMatch(/^Refuse a replace or delete/);
    expect(up.failed!.output).toContain("Refused: this plan replaces or deletes a batch");
    expect(new Set(await methods())).toEqual(new Set(["GET"]));
    expect(await admin.batches(SECOND_AGENT)).toHaveLength(0);
  });

  it("its merge, approved by a reviewer: the old batch is deleted, then one new batch created", async () => {
    await admin.clearJournal();
    const up = await onFreshRunner("up", { REPLACE_OR_DELETE_APPROVED: "true" });
    expectSuccess(up);
    expect(await writes()).toEqual(["DELETE", "POST"]);
    expect(await admin.batches(SECOND_AGENT)).toHaveLength(1);
    expect(await admin.batches(FIRST_AGENT)).toHaveLength(0);
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
});
