import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmulatorAdmin } from "../../scripts/lib/emulator-admin";
import { PulumiProject } from "../../scripts/lib/pulumi-project";
import { type RunningEmulator, startEmulator } from "../../src/emulator";
import { AGENT, CALLER } from "../fixtures";
import { type LatitudeProxy, startReversingProxy } from "../integration/latitude-proxy";
import { emptyYamlProject, setYamlProgram } from "./yaml-project";

/**
 * `pulumi import ultravox:index:ScheduledBatch <name> <agentId>/<batchId>` through the plugin, as a
 * team that already runs a campaign would adopt it: plain CLI commands in a YAML project, the
 * printed code pasted into the program, and the next `up` and preview sending nothing. The
 * service's listing comes through a proxy that reverses the order of the calls, so the batch is
 * listed in another order than it was created.
 */

const API_KEY = "e2eimport.abcdefghijklmnopqrstuvwxyz01234";
const CALLS = ["+14155550111", "+14155550112", "+14155550113"].map((to, i) => ({
  medium: { twilio: { outgoing: { to, from: CALLER } } },
  templateContext: { customer: `c-${i}` },
}));

let emulator: RunningEmulator;
let admin: EmulatorAdmin;
let proxy: LatitudeProxy;

beforeAll(async () => {
  emulator = await startEmulator({ clock: "manual", apiKeys: [API_KEY] });
  admin = new EmulatorAdmin(emulator);
  proxy = await startReversingProxy(emulator.url);
});

afterAll(async () => {
  await proxy?.close();
  await emulator?.close();
});

describe("pulumi import of a running batch through the plugin", () => {
  const dir = emptyYamlProject("import");
  const project = new PulumiProject(dir);
  let batchId = "";

  beforeAll(async () => {
    await project.init([
      ["ultravox:apiKey", API_KEY, true],
      ["ultravox:baseUrl", proxy.url],
    ]);
    const created = await admin.request("POST", `/api/agents/${AGENT}/scheduled_batches`, {
      calls: CALLS,
      paused: true,
    });
    expect(created.status).toBe(201);
    batchId = (created.json as { batchId: string }).batchId;
  });

  afterAll(async () => {
    await project.run(["state", "unprotect", "--all", "--yes"]);
    await project.teardown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("imports with one GET of the batch and one listing of its calls, and writes code to paste", async () => {
    await admin.clearJournal();
    const out = path.join(dir, "imported.yaml");
    const result = await project.ok(
      "import",
      "ultravox:index:ScheduledBatch",
      "campaign",
      `${AGENT}/${batchId}`,
      "--yes",
      "--skip-preview",
      "--out",
      out,
    );

    expect(await admin.requests()).toEqual([
      `GET /api/agents/${AGENT}/scheduled_batches/${batchId}`,
      `GET /api/agents/${AGENT}/scheduled_batches/${batchId}/scheduled_calls`,
    ]);
    expect(result.stdout).toMatch(/= 1 imported/);
    const code = yaml.load(fs.readFileSync(out, "utf8")) as {
      resources: Record<string, { type: string; properties: Record<string, unknown> }>;
    };
    // YAML writes the index module's token short.
    expect(code.resources.campaign?.type).toBe("ultravox:ScheduledBatch");
    // The calls as the service listed them (reversed), the batch's own settings, no secret.
    expect(code.resources.campaign?.properties).toEqual({
      agentId: AGENT,
      calls: [...CALLS].reverse(),
      paused: true,
    });
    const [batch] = await project.batches();
    expect(batch?.id).toBe(batchId);
    const state = project.stateText();
    expect(state).not.toContain("__provider");
    expect(state).not.toContain((await admin.batch(AGENT, batchId)).json.webhookSecret as string);

    // What the user does next: paste the printed resources into the program.
    setYamlProgram(dir, { resources: code.resources });
  });

  it("the next up with the pasted code sends no request and changes nothing", async () => {
    await admin.clearJournal();
    const result = await project.up();
    expect(result.stdout).not.toMatch(/ updated| created| replaced| deleted/);
    expect(await admin.journal()).toEqual([]);
  });

  it("a preview after it sends no request and plans no change", async () => {
    await admin.clearJournal();
    const result = await project.preview();
    expect(result.stdout).not.toMatch(/to update|to create|to replace|to delete/);
    expect(await admin.journal()).toEqual([]);
  });
});

describe("pulumi import of an agent through the plugin", () => {
  const dir = emptyYamlProject("import-agent");
  const project = new PulumiProject(dir);
  const SUPPORT = {
    name: "support",
    callTemplate: { systemPrompt: "You are calling {{customerName}}.", voice: "Mark", temperature: 0.4 },
  };
  let agentId = "";

  beforeAll(async () => {
    await project.init([
      ["ultravox:apiKey", API_KEY, true],
      ["ultravox:baseUrl", emulator.url],
    ]);
    // An agent made in the dashboard: the service fills in what the template leaves out.
    const created = await admin.request("POST", "/api/agents", SUPPORT);
    expect(created.status).toBe(201);
    agentId = (created.json as { agentId: string }).agentId;
  });

  afterAll(async () => {
    await project.run(["state", "unprotect", "--all", "--yes"]);
    await project.teardown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("imports with one GET and writes the agent's name and whole template as code to paste", async () => {
    await admin.clearJournal();
    const out = path.join(dir, "imported.yaml");
    const result = await project.ok(
      "import",
      "ultravox:index:Agent",
      "support",
      agentId,
      "--yes",
      "--skip-preview",
      "--out",
      out,
    );
    expect(await admin.requests()).toEqual([`GET /api/agents/${agentId}`]);
    expect(result.stdout).toMatch(/= 1 imported/);
    const code = yaml.load(fs.readFileSync(out, "utf8")) as {
      resources: Record<string, { type: string; properties: Record<string, unknown> }>;
    };
    expect(code.resources.support?.type).toBe("ultravox:Agent");
    expect(code.resources.support?.properties).toMatchObject({
      name: SUPPORT.name,
      callTemplate: { ...SUPPORT.callTemplate, model: expect.any(String) },
    });
    setYamlProgram(dir, { resources: code.resources });
  });

  it("the next up and a preview with the pasted code send no request and change nothing", async () => {
    await admin.clearJournal();
    const applied = await project.up();
    expect(applied.stdout).not.toMatch(/ updated| created| replaced| deleted/);
    const previewed = await project.preview();
    expect(previewed.stdout).not.toMatch(/to update|to create|to replace|to delete/);
    expect(await admin.journal()).toEqual([]);
  });
});
