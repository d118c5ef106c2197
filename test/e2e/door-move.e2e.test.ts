import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmulatorAdmin } from "../../scripts/lib/emulator-admin";
import { PulumiProject, REPO_ROOT } from "../../scripts/lib/pulumi-project";
import { type RunningEmulator, startEmulator } from "../../src/emulator";
import { AGENT, API_KEY, CAMPAIGN_PROJECT, CampaignStack, OTHER_AGENT, outgoingCall } from "./campaign";
import { emptyYamlProject, setYamlProgram } from "./yaml-project";

/**
 * Moving a live batch from the dynamic resource to the provider plugin, both ways docs/plugin.md
 * gives, through plain CLI commands:
 * - to another project: `pulumi state delete` in the TypeScript project (the engine forgets the
 *   batch, the service keeps it), then `pulumi import` through the plugin and the printed code pasted;
 * - in the same stack: the program rewritten onto the plugin's type with the old URN as an alias
 *   (the engine accepts an alias across a change of type and provider, and the plugin's diff finds
 *   nothing to do).
 * Every request after the first `up` is recorded: no POST, no DELETE, one batch at the end.
 */

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ clock: "manual", apiKeys: [API_KEY] });
});

afterAll(async () => {
  await emulator?.close();
});

describe("moving a live batch from the dynamic resource to the plugin", () => {
  let dynamic: CampaignStack;
  const dir = emptyYamlProject("door-move");
  const plugin = new PulumiProject(dir);
  /** Every request after the dynamic door's create, in order. */
  const sent: string[] = [];
  let batchId = "";

  beforeAll(async () => {
    dynamic = new CampaignStack(emulator);
    await dynamic.init({
      agentId: AGENT,
      calls: [outgoingCall("+14155550131"), outgoingCall("+14155550132")],
    });
    await dynamic.project.up();
    batchId = await dynamic.batchId();
    await dynamic.admin.clearJournal();
    await plugin.init([
      ["ultravox:apiKey", API_KEY, true],
      ["ultravox:baseUrl", emulator.url],
    ]);
  });

  afterAll(async () => {
    dynamic?.project.dispose();
    await plugin.teardown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("pulumi state delete in the TypeScript project forgets the batch and sends no request", async () => {
    const [batch] = await dynamic.project.batches();
    expect(batch?.type).toBe("pulumi-nodejs:dynamic/ultravox:ScheduledBatch");
    await dynamic.project.ok("state", "delete", batch!.urn, "--yes");
    expect(await dynamic.project.batches()).toEqual([]);
    const requests = await dynamic.admin.requests();
    sent.push(...requests);
    expect(requests).toEqual([]);
  });

  it("pulumi import through the plugin reads the batch (one GET, one listing) and prints code", async () => {
    await dynamic.admin.clearJournal();
    const out = path.join(dir, "imported.yaml");
    await plugin.ok(
      "import",
      "ultravox:index:ScheduledBatch",
      "campaign",
      `${AGENT}/${batchId}`,
      "--yes",
      "--skip-preview",
      "--out",
      out,
    );
    const requests = await dynamic.admin.requests();
    sent.push(...requests);
    expect(requests).toEqual([
      `GET /api/agents/${AGENT}/scheduled_batches/${batchId}`,
      `GET /api/agents/${AGENT}/scheduled_batches/${batchId}/scheduled_calls`,
    ]);
    const [batch] = await plugin.batches();
    expect(batch?.type).toBe("ultravox:index:ScheduledBatch");
    expect(batch?.id).toBe(batchId);
    // What the user does next: paste the printed resources into the program.
    const code = yaml.load(fs.readFileSync(out, "utf8")) as { resources: Record<string, unknown> };
    setYamlProgram(dir, { resources: code.resources });
  });

  it("the next up through the plugin sends no request and changes nothing", async () => {
    await dynamic.admin.clearJournal();
    const result = await plugin.up();
    expect(result.stdout).not.toMatch(/ updated| created| replaced| deleted/);
    const requests = await dynamic.admin.requests();
    sent.push(...requests);
    expect(requests).toEqual([]);
  });

  it("the move sent no POST and no DELETE, and the agent has exactly the one batch, still live", async () => {
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.filter((line) => /^(POST|DELETE) /.test(line))).toEqual([]);
    const batches = await dynamic.admin.batches(AGENT);
    expect(batches.map((b) => b.batchId)).toEqual([batchId]);
    const state = plugin.stateText();
    expect(state).not.toContain(API_KEY);
    expect(state).not.toContain((await dynamic.admin.batch(AGENT, batchId)).json.webhookSecret as string);
  });
});

/** A copy of the campaign project (a TypeScript program on the dynamic resource) to rewrite in place. */
function campaignProjectCopy(): string {
  fs.mkdirSync(path.join(REPO_ROOT, ".tmp"), { recursive: true });
  const dir = fs.mkdtempSync(path.join(REPO_ROOT, ".tmp", "door-alias-"));
  fs.cpSync(CAMPAIGN_PROJECT, dir, { recursive: true });
  return dir;
}

describe("moving a live batch to the plugin in the same stack, with an alias of the old resource", () => {
  const dir = campaignProjectCopy();
  const project = new PulumiProject(dir);
  let admin: EmulatorAdmin;
  // An agent of its own, so the listing at the end shows this move's batches only.
  const calls = [outgoingCall("+14155550141"), outgoingCall("+14155550142")];
  const sent: string[] = [];
  let batchId = "";

  beforeAll(async () => {
    admin = new EmulatorAdmin(emulator);
    await project.init([
      ["ultravox:apiKey", API_KEY, true],
      ["ultravox:baseUrl", emulator.url],
      ["batch", JSON.stringify({ agentId: OTHER_AGENT, calls })],
    ]);
    await project.up();
    const [batch] = await project.batches();
    batchId = batch!.id!;
    await admin.clearJournal();
    // The program becomes a YAML one on the plugin: same project, same stack, same batch, and the
    // dynamic resource's URN as an alias, so the engine moves the state instead of replacing.
    const program = {
      name: "e2e-campaign",
      runtime: "yaml",
      plugins: {
        providers: [
          { name: "ultravox", path: path.join(REPO_ROOT, "node_modules", "pulumi-ultravox", "bin") },
        ],
      },
      resources: {
        campaign: {
          type: "ultravox:index:ScheduledBatch",
          properties: { agentId: OTHER_AGENT, calls },
          options: { deleteBeforeReplace: true, aliases: [batch!.urn] },
        },
      },
    };
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), yaml.dump(program));
  });

  afterAll(async () => {
    await project.teardown();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("preview plans no change and sends no request", async () => {
    const result = await project.preview();
    expect(result.stdout).not.toMatch(/to update|to create|to replace|to delete/);
    sent.push(...(await admin.requests()));
    expect(sent).toEqual([]);
  });

  it("up moves the state to the plugin's type with no request", async () => {
    await admin.clearJournal();
    const result = await project.up();
    expect(result.stdout).not.toMatch(/ updated| created| replaced| deleted/);
    const requests = await admin.requests();
    sent.push(...requests);
    expect(requests).toEqual([]);
    const [batch] = await project.batches();
    expect(batch?.type).toBe("ultravox:index:ScheduledBatch");
    expect(batch?.id).toBe(batchId);
  });

  it("refresh reads the batch with one GET and drops the serialized provider the old outputs held", async () => {
    await admin.clearJournal();
    await project.refresh();
    const requests = await admin.requests();
    sent.push(...requests);
    expect(requests).toEqual([`GET /api/agents/${OTHER_AGENT}/scheduled_batches/${batchId}`]);
    // The current state only: the backend's history keeps the earlier checkpoints.
    const [batch] = await project.batches();
    expect(batch?.outputs).not.toHaveProperty("__provider");
    expect(batch?.outputs?.batchId).toBe(batchId);
  });

  it("the move sent no POST and no DELETE, and the agent has exactly the one batch", async () => {
    expect(sent.filter((line) => /^(POST|DELETE) /.test(line))).toEqual([]);
    expect((await admin.batches(OTHER_AGENT)).map((b) => b.batchId)).toEqual([batchId]);
  });
});
