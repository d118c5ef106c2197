import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmulatorAdmin } from "../../scripts/lib/emulator-admin";
import { PulumiProject, REPO_ROOT } from "../../scripts/lib/pulumi-project";
import { preparePythonProject, usesPython } from "../../scripts/lib/python-project";
import { type RunningEmulator, startEmulator } from "../../src/emulator";
import { checkTrafficAfterEach } from "../openapi/traffic-check";

/**
 * Every example, the way its README says to run it: plain `pulumi` commands in the example's own
 * directory, through the Node.js language host, against the emulator over HTTP. Each step checks
 * the requests the emulator saw.
 */

const EXAMPLES_DIR = path.join(REPO_ROOT, "examples");
const API_KEY = "e2eexamples.abcdefghijklmnopqrstuvwxyz0123";

/** Per example: one config change and the one field its PATCH must carry. */
const ONE_FIELD_CHANGE: Record<string, { key: string; value: string; secret?: boolean; patched: string }> = {
  quickstart: { key: "paused", value: "true", patched: "paused" },
  "twilio-window": { key: "windowEnd", value: "2030-01-15T18:00:00-05:00", patched: "windowEnd" },
  "webhook-mode": { key: "webhookUrl", value: "https://callbacks.example.com/v2", patched: "webhookUrl" },
  "csv-campaign": { key: "callerId", value: "+14155550199", patched: "calls" },
  "every-input": {
    key: "webhookSecret",
    value: "whsec-every-input-e2e-4d1f",
    secret: true,
    patched: "webhookSecret",
  },
  "yaml-campaign": { key: "paused", value: "true", patched: "paused" },
  "python-campaign": { key: "paused", value: "true", patched: "paused" },
};

/** Examples that also manage the call throttle their batch names (created first, deleted last). */
const MANAGES_THROTTLE = new Set(["twilio-window"]);

/** YAML and Python projects run the provider plugin; TypeScript ones the dynamic resource. */
function usesPlugin(dir: string): boolean {
  return (
    usesPython(dir) || /^runtime:\s*yaml\s*$/m.test(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8"))
  );
}

const projects = fs
  .readdirSync(EXAMPLES_DIR)
  .filter((name) => fs.existsSync(path.join(EXAMPLES_DIR, name, "Pulumi.yaml")))
  .sort();
/** Each project and its one-field change; the repository root's Pulumi.yaml runs examples/quickstart. */
const cases = [
  ...projects.map((name) => ({ label: `examples/${name}`, dir: path.join(EXAMPLES_DIR, name), name })),
  { label: "the repository root", dir: REPO_ROOT, name: "quickstart" },
];

let emulator: RunningEmulator;
let admin: EmulatorAdmin;

beforeAll(async () => {
  emulator = await startEmulator({ clock: "manual", apiKeys: [API_KEY], journalExchanges: true });
  admin = new EmulatorAdmin(emulator);
});

afterAll(async () => {
  await emulator?.close();
});

// What each example sends through plain `pulumi`, and each answer, must match the API description.
checkTrafficAfterEach(() => emulator, { requests: "all" });

it("every example project has a one-field change in this suite", () => {
  expect(projects.length).toBeGreaterThan(0);
  expect(projects).toEqual(Object.keys(ONE_FIELD_CHANGE).sort());
});

describe.each(cases)("$label through `pulumi` in its own directory", ({ dir, name }) => {
  const project = new PulumiProject(dir);
  const change = ONE_FIELD_CHANGE[name]!;
  const throttled = MANAGES_THROTTLE.has(name);
  let batchId = "";
  let agentId = "";
  let throttleId = "";

  beforeAll(async () => {
    // A Python project first gets its SDK and virtualenv, as its README's first commands make them.
    if (usesPython(dir)) await preparePythonProject(project);
    await project.init([
      ["ultravox:apiKey", API_KEY, true],
      ["ultravox:baseUrl", emulator.url],
    ]);
  }, 10 * 60_000); // pip may download the pulumi package and its dependencies first

  afterAll(async () => {
    await project.teardown();
  });

  it("preview plans one batch and sends no request", async () => {
    await admin.clearJournal();
    const result = await project.preview();
    expect(result.stdout).toMatch(
      usesPlugin(dir)
        ? /\+ {1,3}ultravox:index:ScheduledBatch/
        : /\+ {1,3}pulumi-nodejs:dynamic:Resource|ultravox:ScheduledBatch/,
    );
    expect(result.stdout).toMatch(throttled ? /3 to create/ : /1 to create|2 to create/);
    if (throttled)
      expect(result.stdout).toMatch(/\+ {1,3}pulumi-nodejs:dynamic:Resource|ultravox:CallThrottle/);
    expect(await admin.journal()).toEqual([]);
  });

  it("up creates the batch with one POST", async () => {
    await admin.clearJournal();
    const result = await project.up();
    expect(result.stdout).toMatch(throttled ? /3 created/ : /2 created/);
    const journal = await admin.journal();
    const requests = journal.map((entry) => `${entry.method} ${entry.path}`);
    if (throttled) {
      // The throttle first (the batch names it), one POST each; the batch carries its name.
      expect(requests).toHaveLength(2);
      expect(requests[0]).toBe("POST /api/call_throttles");
      const throttle = (journal[0]!.body ?? {}) as { name?: string };
      expect((journal[1]!.body as { throttle?: string }).throttle).toBe(throttle.name);
      throttleId = String((await project.outputs()).throttleId);
    }
    expect(requests).toHaveLength(throttled ? 2 : 1);
    expect(requests.at(-1)).toMatch(/^POST \/api\/agents\/[0-9a-f-]{36}\/scheduled_batches$/);
    const [batch] = await project.batches();
    batchId = batch!.id!;
    agentId = batch!.outputs!.agentId as string;
    const live = await admin.batch(agentId, batchId);
    expect(live.status).toBe(200);
    const state = project.stateText();
    expect(state).not.toContain(API_KEY);
    // The webhook secret in use (the program's or the server's choice) is encrypted in state.
    expect(typeof live.json.webhookSecret).toBe("string");
    expect(state).not.toContain(live.json.webhookSecret as string);
    // The plugin keeps no serialized provider in state.
    if (usesPlugin(dir)) expect(state).not.toContain("__provider");
  });

  it("a no-op preview sends no request and plans no change", async () => {
    await admin.clearJournal();
    const result = await project.preview();
    expect(result.stdout).not.toMatch(/to update|to create|to replace|to delete/);
    // The YAML and Python hosts warn about what they do not understand; the examples are clean.
    if (usesPlugin(dir)) expect(result.output).not.toMatch(/warning/i);
    expect(await admin.journal()).toEqual([]);
  });

  it(`changing config ${change.key} sends exactly one PATCH carrying ${change.patched}`, async () => {
    await project.setConfig(change.key, change.value, change.secret);
    await admin.clearJournal();
    await project.up();
    const journal = await admin.journal();
    expect(journal.map((entry) => `${entry.method} ${entry.path}`)).toEqual([
      `PATCH /api/agents/${agentId}/scheduled_batches/${batchId}`,
    ]);
    expect(Object.keys(journal[0]!.body as object)).toEqual([change.patched]);
    if (change.secret) expect(project.stateText()).not.toContain(change.value);
  });

  it("refresh reads the batch with one GET and finds no drift", async () => {
    await admin.clearJournal();
    await project.refresh();
    const reads = [`GET /api/agents/${agentId}/scheduled_batches/${batchId}`];
    if (throttled) reads.push(`GET /api/call_throttles/${throttleId}`);
    expect((await admin.requests()).sort()).toEqual(reads.sort());
    await admin.clearJournal();
    const result = await project.preview();
    expect(result.stdout).not.toMatch(/to update|to create|to replace|to delete/);
    expect(await admin.journal()).toEqual([]);
  });

  it("destroy deletes the batch with one DELETE", async () => {
    await admin.clearJournal();
    const result = await project.destroy();
    expect(result.stdout).toMatch(throttled ? /3 deleted/ : /2 deleted/);
    const deletes = [`DELETE /api/agents/${agentId}/scheduled_batches/${batchId}`];
    // The batch first: it names the throttle.
    if (throttled) deletes.push(`DELETE /api/call_throttles/${throttleId}`);
    expect(await admin.requests()).toEqual(deletes);
    expect((await admin.batch(agentId, batchId)).status).toBe(404);
  });
});
