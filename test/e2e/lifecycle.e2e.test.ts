import type { ScheduledBatchArgs } from "pulumi-ultravox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../src/emulator";
import { checkTrafficAfterEach } from "../openapi/traffic-check";
import {
  AGENT,
  API_KEY,
  CampaignStack,
  campaign,
  inDays,
  OTHER_AGENT,
  SIP_PASSWORD,
  WEBHOOK_SECRET,
} from "./campaign";

/**
 * A ScheduledBatch through its whole life with plain `pulumi` commands (language host, engine,
 * state file, dynamic-provider host) against the emulator over HTTP. Every test starts from the
 * same deployed campaign (made, or put back, by `deployed()`), so any one of them runs alone; each
 * checks the emulator's journal for exactly the requests it should cause. The steps every door shares
 * (no-op preview and up, a webhookUrl change, refresh, destroy, bad input) are in doors/same-wire.e2e.test.ts.
 */

let emulator: RunningEmulator;
let shared: CampaignStack | undefined;
const own: CampaignStack[] = [];

beforeAll(async () => {
  // Throttles named here are free text that names no call throttle; "accept" keeps them (the 400
  // the emulator gives by default is tested in test/emulator/throttle-enforcement.test.ts).
  emulator = await startEmulator({
    unknownThrottle: "accept",
    clock: "manual",
    apiKeys: [API_KEY],
    journalExchanges: true,
  });
});

afterAll(async () => {
  for (const stack of own) await stack.dispose();
  await shared?.dispose();
  await emulator?.close();
});

// What plain `pulumi` sends through the provider, and each answer, must match the API description.
checkTrafficAfterEach(() => emulator, { requests: "all" });

/** A stack of its own with the campaign deployed, for a test whose change cannot be undone. */
async function ownDeployed(): Promise<CampaignStack> {
  const stack = new CampaignStack(emulator);
  own.push(stack);
  await stack.init(campaign(), { webhookSecret: WEBHOOK_SECRET, sipPassword: SIP_PASSWORD });
  await stack.project.up();
  await stack.admin.clearJournal();
  return stack;
}

/** The shared campaign, deployed (or put back) as `campaign()` declares it, with an empty journal. */
async function deployed(): Promise<CampaignStack> {
  if (!shared) {
    shared = new CampaignStack(emulator);
    await shared.init(campaign(), { webhookSecret: WEBHOOK_SECRET, sipPassword: SIP_PASSWORD });
  } else {
    await shared.setBatch(campaign());
    await shared.project.setConfig("webhookSecret", WEBHOOK_SECRET, true);
  }
  await shared.project.up();
  await shared.admin.clearJournal();
  return shared;
}

/** Applies a changed batch with `pulumi up` and returns the body of the one PATCH it caused. */
async function patchFor(stack: CampaignStack, batch: ScheduledBatchArgs): Promise<Record<string, unknown>> {
  await stack.setBatch(batch);
  const result = await stack.project.up();
  expect(result.stdout).toMatch(/1 updated/);
  const journal = await stack.admin.journal();
  expect(journal.map((e) => e.method)).toEqual(["PATCH"]);
  return journal[0]!.body as Record<string, unknown>;
}

describe("a ScheduledBatch through plain pulumi commands", () => {
  it("up looks for an earlier create's batch, creates the batch with one POST and returns its outputs", async () => {
    const stack = new CampaignStack(emulator);
    try {
      await stack.init(campaign(), { webhookSecret: WEBHOOK_SECRET, sipPassword: SIP_PASSWORD });
      await stack.admin.clearJournal();
      const result = await stack.project.up();
      expect(result.stdout).toMatch(/2 created/);
      // The look for a batch an earlier, unfinished create of this resource made, then the POST.
      expect(await stack.requests()).toEqual([
        `GET /api/agents/${AGENT}/scheduled_batches`,
        `POST /api/agents/${AGENT}/scheduled_batches`,
      ]);
      const outputs = await stack.project.outputs();
      expect(outputs.batchId).toMatch(/^[0-9a-f-]{36}$/);
      expect(outputs).toMatchObject({ totalCount: 3, completedCount: 0, webhookSecretOut: WEBHOOK_SECRET });
      expect(await stack.admin.storedCalls(AGENT, outputs.batchId as string)).toHaveLength(3);
    } finally {
      await stack.dispose();
    }
  });

  const changes: [string, (args: ScheduledBatchArgs) => void, Record<string, unknown>][] = [
    ["windowStart", (a) => (a.windowStart = inDays(1.5)), { windowStart: inDays(1.5) }],
    ["windowEnd", (a) => (a.windowEnd = inDays(3)), { windowEnd: inDays(3) }],
    ["windowEnd cleared", (a) => delete a.windowEnd, { windowEnd: null }],
    ["throttle", (a) => (a.throttle = "gentle"), { throttle: "gentle" }],
    [
      "two fields at once",
      (a) => Object.assign(a, { windowStart: inDays(1.25), throttle: "brisk" }),
      { windowStart: inDays(1.25), throttle: "brisk" },
    ],
  ];
  for (const [name, change, body] of changes) {
    it(`changing ${name} sends one PATCH carrying only it`, async () => {
      const stack = await deployed();
      const batch = campaign();
      change(batch);
      expect(await patchFor(stack, batch)).toEqual(body);
    });
  }

  it("pausing sends one PATCH carrying only paused (on a stack of its own: a pause is one-way)", async () => {
    const stack = await ownDeployed();
    expect(await patchFor(stack, { ...campaign(), paused: true })).toEqual({ paused: true });
  });

  it("changing one call sends one PATCH carrying only the call list", async () => {
    const stack = await deployed();
    const batch = campaign();
    (batch.calls as unknown[])[1] = {
      medium: { serverWebSocket: { inputSampleRate: 8000 } },
      templateContext: { name: "Grace" },
    };
    const body = await patchFor(stack, batch);
    expect(Object.keys(body)).toEqual(["calls"]);
    expect((body.calls as unknown[])[1]).toEqual({
      medium: { serverWebSocket: { inputSampleRate: 8000 } },
      templateContext: { name: "Grace" },
    });
  });

  it("a rotated webhookSecret goes in one PATCH and stays out of state in plaintext", async () => {
    const stack = await deployed();
    const rotated = `${WEBHOOK_SECRET}-rotated`;
    await stack.project.setConfig("webhookSecret", rotated, true);
    await stack.project.up();
    const journal = await stack.admin.journal();
    expect(journal.map((e) => e.body)).toEqual([{ webhookSecret: rotated }]);
    expect(stack.project.stateText()).not.toContain(rotated);
  });

  it("state holds no plaintext API key, webhook secret or SIP password; __provider is small", async () => {
    const stack = await deployed();
    const text = stack.project.stateText();
    expect(text).toContain("ScheduledBatch");
    for (const secret of [
      API_KEY,
      WEBHOOK_SECRET,
      JSON.stringify(WEBHOOK_SECRET).slice(1, -1),
      SIP_PASSWORD,
    ]) {
      expect(text).not.toContain(secret);
    }
    const batches = await stack.project.batches();
    expect(batches).toHaveLength(1);
    for (const bag of [batches[0]!.inputs, batches[0]!.outputs]) {
      expect(typeof bag?.__provider).toBe("string");
      expect(Buffer.byteLength(bag?.__provider as string)).toBeLessThan(2048);
    }
  });

  it("refresh sees an out-of-band change and the next up restores the declared state", async () => {
    const stack = await deployed();
    const id = await stack.batchId();
    await stack.admin.request("PATCH", `/api/agents/${AGENT}/scheduled_batches/${id}`, {
      webhookUrl: "https://attacker.example.com/hook",
    });
    await stack.admin.clearJournal();
    const refreshed = await stack.project.refresh();
    expect(refreshed.stdout).toMatch(/1 updated/);
    expect(await stack.requests()).toEqual([`GET /api/agents/${AGENT}/scheduled_batches/${id}`]);
    const previewed = await stack.project.preview("--diff");
    expect(previewed.stdout).toMatch(/~ 1 to update/);
    expect(previewed.stdout).toContain("https://attacker.example.com/hook");
    expect(await stack.requests()).toEqual([]);
    await stack.project.up();
    expect((await stack.admin.journal()).map((e) => e.body)).toEqual([
      { webhookUrl: "https://hooks.example.com/ultravox" },
    ]);
  });

  it("refresh keeps a batch deleted out of band as a tombstone; up re-creates it only when allowed", async () => {
    const stack = await deployed();
    const id = await stack.batchId();
    await stack.admin.request("DELETE", `/api/agents/${AGENT}/scheduled_batches/${id}`);
    await stack.project.refresh();
    const [tombstone] = await stack.project.batches();
    expect(tombstone?.id).toBe(id);
    expect(typeof tombstone?.outputs?.deletedOutsideAt).toBe("string");
    await stack.admin.clearJournal();
    const refused = await stack.project.run(["up", "--yes", "--skip-preview"]);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toContain(`batch ${id} was deleted outside Pulumi`);
    expect(await stack.requests()).toEqual([]);
    await stack.setBatch({ ...campaign(), allowRedialOf: id });
    const result = await stack.project.up();
    // The tombstone's delete sends nothing; the new batch's create looks first, then POSTs.
    expect(result.stdout).toMatch(/1 replaced/);
    const sent = await stack.requests();
    const readsOfCalls = (line: string) => /^GET .*\/scheduled_calls$/.test(line);
    expect(sent.filter((line) => !readsOfCalls(line))).toEqual([
      `GET /api/agents/${AGENT}/scheduled_batches`,
      `POST /api/agents/${AGENT}/scheduled_batches`,
    ]);
    expect(await stack.batchId()).not.toBe(id);
  });

  it("a new agentId replaces the batch: preview says so, up creates the new one and deletes the old", async () => {
    const stack = await deployed();
    const old = await stack.batchId();
    await stack.setBatch({ ...campaign(), agentId: OTHER_AGENT });
    const previewed = await stack.project.preview("--diff");
    expect(previewed.stdout).toMatch(/1 to replace/);
    // The one request a preview may send: the new agent proven to exist before the old batch goes.
    expect(await stack.requests()).toEqual([`GET /api/agents/${OTHER_AGENT}`]);
    const result = await stack.project.up();
    expect(result.stdout).toMatch(/1 replaced/);
    expect((await stack.requests()).filter((line) => !line.endsWith("/scheduled_calls")).sort()).toEqual(
      [
        `GET /api/agents/${OTHER_AGENT}`,
        `GET /api/agents/${OTHER_AGENT}/scheduled_batches`, // the look before the POST
        `POST /api/agents/${OTHER_AGENT}/scheduled_batches`,
        `DELETE /api/agents/${AGENT}/scheduled_batches/${old}`,
      ].sort(),
    );
    expect((await stack.admin.batch(AGENT, old)).status).toBe(404);
  });
});
