import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { ScheduledBatchArgs } from "pulumi-ultravox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmulatorAdmin } from "../../scripts/lib/emulator-admin";
import { PulumiProject, REPO_ROOT } from "../../scripts/lib/pulumi-project";
import { type RunningEmulator, startEmulator } from "../../src/emulator";
import {
  AGENT,
  API_KEY,
  CAMPAIGN_PROJECT,
  CampaignStack,
  campaign,
  SIP_PASSWORD,
  WEBHOOK_SECRET,
} from "./campaign";
import { FIXTURE_AGENT, FIXTURE_DIR, FIXTURE_STACK } from "./fixtures/state-v2";

/**
 * Calls as one canonical line each, through plain `pulumi` commands: a one-call change
 * in a 1,000-call batch previews as that call's old and new line and sends one PATCH; a stack
 * saved by the previous representation (stateVersion 2) previews with no change and no request.
 */

/** A project whose program builds N calls from stack config (also the bench's scale project). */
const BATCH_PROJECT = path.join(REPO_ROOT, "scripts", "bench", "projects", "batch");
const N = 1000;
const VIP = 617;

/** The canonical line of generated call `i` (keys sorted, compact), as the project builds it. */
function lineOf(i: number, vip?: number): string {
  const id = String(i).padStart(6, "0");
  const segment = i === vip ? "vip" : i % 2 === 0 ? "renewal" : "winback";
  return `{"medium":{"webRtc":{}},"metadata":{"customer":"cust-${id}","segment":"${segment}"},"templateContext":{"firstName":"Name${id}","plan":"pro"}}`;
}

describe("a 1,000-call batch: a one-call change", () => {
  let emulator: RunningEmulator;
  let project: PulumiProject;
  let admin: EmulatorAdmin;

  beforeAll(async () => {
    emulator = await startEmulator({ clock: "manual", apiKeys: [API_KEY] });
    admin = new EmulatorAdmin(emulator);
    project = new PulumiProject(BATCH_PROJECT);
    await project.init([
      ["ultravox:apiKey", API_KEY, true],
      ["ultravox:baseUrl", emulator.url],
      ["calls", String(N)],
      ["webhookUrl", "https://hooks.example.com/ultravox"],
      // The engine's own line diff of calls is what this file tests: the opt-out of encrypted calls.
      ["ultravox:plainCalls", "true"],
    ]);
    await project.up();
    await admin.clearJournal();
  });

  afterAll(async () => {
    await project?.teardown();
    await emulator?.close();
  });

  it("previews as that call's old and new line only, and up sends exactly one PATCH", async () => {
    await project.setConfig("vip", String(VIP));

    const previewed = await project.preview("--diff");
    expect(await admin.journal()).toEqual([]);
    const out = previewed.stdout;
    expect(out).toMatch(/~ 1 to update/);
    const lines = out.split("\n");
    const shown = (sign: string) =>
      lines
        .filter((l) => l.trimStart().startsWith(`${sign} {"medium"`))
        .map((l) => l.trimStart().slice(2).trim());
    expect(shown("-")).toEqual([lineOf(VIP)]);
    expect(shown("+")).toEqual([lineOf(VIP, VIP)]);
    // Besides them, the CLI prints only a few unchanged neighbours as unmarked context.
    const context = lines.filter((l) => /^\s*\{"medium"/.test(l));
    expect(context.length).toBeLessThanOrEqual(4);
    expect(lines.filter((l) => l.includes('{"medium"'))).toHaveLength(2 + context.length);

    await project.up();
    const journal = await admin.journal();
    expect(journal.map((e) => e.method)).toEqual(["PATCH"]);
    const body = journal[0]!.body as { calls: unknown[] };
    expect(Object.keys(body)).toEqual(["calls"]);
    expect(body.calls).toHaveLength(N);
    expect(body.calls[VIP]).toMatchObject({ metadata: { customer: `cust-000${VIP}`, segment: "vip" } });
  });
});

/** The program side's former marks for lifted passwords, as user data might spell them. */
const FORGED_MARKS = {
  first: "\u0000pulumi-ultravox-password:0",
  second: "\u0000pulumi-ultravox-password:1",
};

/**
 * The campaign, with user data that looks like secrets: metadata values imitating the internal
 * marks of lifted passwords, and a `password` key in templateContext (not a SIP password).
 */
function campaignWithLookalikes(): ScheduledBatchArgs {
  const args = campaign();
  const calls = args.calls as Record<string, unknown>[];
  calls[1] = {
    ...calls[1],
    metadata: FORGED_MARKS,
    templateContext: { name: "Grace", password: "tc-data" },
  };
  return args;
}

describe("a batch with a SIP password", () => {
  let emulator: RunningEmulator;
  let stack: CampaignStack;

  beforeAll(async () => {
    emulator = await startEmulator({ clock: "manual", apiKeys: [API_KEY] });
    stack = new CampaignStack(emulator);
    await stack.init(campaignWithLookalikes(), { sipPassword: SIP_PASSWORD, webhookSecret: WEBHOOK_SECRET });
    // The engine's own line diff of calls is what this file tests: the opt-out of encrypted calls.
    await stack.project.setConfig("ultravox:plainCalls", "true");
    await stack.project.up();
    await stack.admin.clearJournal();
  });

  it("state holds no secret, though metadata imitates the password mark and templateContext has a password key", async () => {
    const text = stack.project.stateText();
    for (const secret of [
      SIP_PASSWORD,
      WEBHOOK_SECRET,
      JSON.stringify(WEBHOOK_SECRET).slice(1, -1),
      API_KEY,
    ]) {
      expect(text).not.toContain(secret);
    }
    // The service got each value where the program put it: the mark stayed user data.
    const stored = await stack.admin.storedCalls(AGENT, await stack.batchId());
    expect(stored[1]).toMatchObject({
      metadata: FORGED_MARKS,
      templateContext: { password: "tc-data" },
    });
    expect(stored[2]).toMatchObject({ medium: { sip: { outgoing: { password: SIP_PASSWORD } } } });
  });

  afterAll(async () => {
    await stack?.dispose();
    await emulator?.close();
  });

  it("a changed call still previews as its lines; a changed password as an update with no line changed", async () => {
    const changed = campaignWithLookalikes();
    (changed.calls as { metadata?: Record<string, string> }[])[0]!.metadata = { customer: "c-9" };
    await stack.setBatch(changed);
    const callChange = (await stack.project.preview("--diff")).stdout;
    expect(callChange).toContain(
      '- {"medium":{"webRtc":{"dataMessages":{"transcript":true}}},"metadata":{"customer":"c-1"}}',
    );
    expect(callChange).toContain(
      '+ {"medium":{"webRtc":{"dataMessages":{"transcript":true}}},"metadata":{"customer":"c-9"}}',
    );
    expect(callChange).toContain('"password":"$secret:0"');
    await stack.setBatch(campaignWithLookalikes());

    const rotated = `${SIP_PASSWORD}-rotated`;
    await stack.project.setConfig("sipPassword", rotated, true);
    const previewed = (await stack.project.preview("--diff")).stdout;
    expect(previewed).toMatch(/~ 1 to update/);
    // The CLI cannot show what changed inside a secret: the resource is "~ update", callSecrets is
    // listed as [secret], and no call line is marked as changed.
    expect(previewed).toMatch(/callSecrets\s*: \[secret\]/);
    expect(previewed).not.toMatch(/^\s*[-+] \{"medium"/m);
    expect(await stack.requests()).toEqual([]);

    await stack.project.up();
    const journal = await stack.admin.journal();
    expect(journal.map((e) => e.method)).toEqual(["PATCH"]);
    const calls = (journal[0]!.body as { calls: { medium: { sip?: { outgoing: { password: string } } } }[] })
      .calls;
    expect(calls[2]!.medium.sip!.outgoing.password).toBe(rotated);
    const id = await stack.batchId();
    expect(await stack.admin.storedCalls(AGENT, id)).toHaveLength(3);
    const text = stack.project.stateText();
    expect(text).not.toContain(SIP_PASSWORD); // the rotated one starts with it, so this covers both
  });
});

describe("a stack saved by stateVersion 2 (calls stored as a list)", () => {
  let emulator: RunningEmulator;
  let project: PulumiProject;
  let scratch: string;

  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "state-v2-"));
    const emulatorState = path.join(scratch, "emulator.json");
    fs.copyFileSync(path.join(FIXTURE_DIR, "emulator-state.json"), emulatorState);
    emulator = await startEmulator({ clock: "manual", apiKeys: [API_KEY], stateFile: emulatorState });
    project = new PulumiProject(CAMPAIGN_PROJECT);
    await project.ok("stack", "init");
    // The saved config holds the salt the saved deployment's secrets were encrypted with.
    fs.copyFileSync(path.join(FIXTURE_DIR, "Pulumi.stack.yaml"), project.configFile);
    await project.setConfig("ultravox:baseUrl", emulator.url);
    const deployment = fs
      .readFileSync(path.join(FIXTURE_DIR, "deployment.json"), "utf8")
      .replaceAll(`urn:pulumi:${FIXTURE_STACK}::`, `urn:pulumi:${project.stack}::`)
      .replaceAll(`e2e-campaign-${FIXTURE_STACK}`, `e2e-campaign-${project.stack}`);
    const file = path.join(scratch, "deployment.json");
    fs.writeFileSync(file, deployment);
    await project.ok("stack", "import", "--file", file);
  });

  afterAll(async () => {
    await project?.teardown();
    await emulator?.close();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it("previews with no change and sends no request; up changes nothing either", async () => {
    const admin = new EmulatorAdmin(emulator);
    const [batch] = await project.batches();
    expect(batch?.outputs?.stateVersion).toBe(2);
    expect((await admin.batch(FIXTURE_AGENT, batch!.id!)).status).toBe(200);
    await admin.clearJournal();

    const previewed = await project.preview("--diff", "--expect-no-changes");
    expect(previewed.stdout).toMatch(/2 unchanged/);
    expect(await admin.journal()).toEqual([]);

    const result = await project.up("--expect-no-changes");
    expect(result.stdout).toMatch(/2 unchanged/);
    expect(await admin.journal()).toEqual([]);
    expect(project.stateText()).not.toContain(SIP_PASSWORD);
  });
});
