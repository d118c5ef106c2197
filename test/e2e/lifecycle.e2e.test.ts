import type { PreviewResult, UpResult } from "@pulumi/pulumi/automation";
import { ScheduledBatch, type ScheduledBatchArgs } from "pulumi-ultravox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmulatorAdmin } from "../../scripts/lib/emulator-admin";
import { type LocalStack, localStack, readStateFiles } from "../../scripts/lib/local-stack";
import { type RunningEmulator, startEmulator } from "../../src/emulator";

/**
 * The real thing: the Pulumi CLI, its engine and state file, the dynamic-provider host, our
 * emulator over HTTP. One stack is taken through its whole life; every step checks the emulator's
 * journal for exactly the requests it should cause.
 */

const API_KEY = "e2etest1.abcdefghijklmnopqrstuvwxyz012345";
const WEBHOOK_SECRET = "whsec-e2e-do-not-leak-7f3a9c";
const SIP_PASSWORD = "sip-pass-e2e-do-not-leak-41b7";
const AGENT = "11111111-2222-4333-8444-555555555555";
const OTHER_AGENT = "99999999-8888-4777-8666-555555555555";
const day = 24 * 3600 * 1000;
const iso = (ms: number) => new Date(ms).toISOString().replace(".000Z", "Z");
const T0 = Math.floor(Date.now() / 1000) * 1000;

function campaign(): ScheduledBatchArgs {
  return {
    agentId: AGENT,
    windowStart: iso(T0 + day),
    windowEnd: iso(T0 + 2 * day),
    webhookUrl: "https://hooks.example.com/ultravox",
    webhookSecret: WEBHOOK_SECRET,
    calls: [
      { medium: { webRtc: { dataMessages: { transcript: true } } }, metadata: { customer: "c-1" } },
      { medium: { serverWebSocket: { inputSampleRate: 16000 } }, templateContext: { name: "Grace" } },
      {
        medium: {
          sip: { outgoing: { to: "sip:alan@sip.example.com", username: "alan", password: SIP_PASSWORD } },
        },
      },
    ],
  };
}

let emulator: RunningEmulator;
let admin: EmulatorAdmin;
let local: LocalStack;
const args: ScheduledBatchArgs = campaign();

async function program() {
  const batch = new ScheduledBatch("campaign", args);
  return {
    batchId: batch.batchId,
    totalCount: batch.totalCount,
    completedCount: batch.completedCount,
    endedAt: batch.endedAt,
    webhookSecret: batch.webhookSecret,
  };
}

async function up(): Promise<UpResult> {
  await admin.clearJournal();
  return local.stack.up();
}

async function preview(): Promise<PreviewResult> {
  await admin.clearJournal();
  return local.stack.preview();
}

async function onlyPatchBody(): Promise<Record<string, unknown>> {
  const journal = await admin.journal();
  expect(journal.map((e) => e.method)).toEqual(["PATCH"]);
  return journal[0]!.body as Record<string, unknown>;
}

async function batchId(): Promise<string> {
  const outputs = await local.stack.outputs();
  return outputs.batchId!.value as string;
}

beforeAll(async () => {
  emulator = await startEmulator({ clock: "manual", apiKeys: [API_KEY] });
  admin = new EmulatorAdmin(emulator);
  local = await localStack({
    projectName: "e2e-lifecycle",
    program,
    config: {
      "ultravox:apiKey": { value: API_KEY, secret: true },
      "ultravox:baseUrl": { value: emulator.url },
    },
  });
}, 600_000);

afterAll(async () => {
  await local?.dispose();
  await emulator?.close();
});

describe("a ScheduledBatch through the real Pulumi CLI", () => {
  it("1. up creates the batch with one POST and returns its outputs", async () => {
    const result = await up();
    expect(result.summary.resourceChanges).toMatchObject({ create: 2 });
    expect(await admin.requests()).toEqual([`POST /api/agents/${AGENT}/scheduled_batches`]);
    const id = result.outputs.batchId!.value as string;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.outputs.totalCount!.value).toBe(3);
    expect(result.outputs.completedCount!.value).toBe(0);
    expect(result.outputs.webhookSecret!.secret).toBe(true);
    const stored = await admin.storedCalls(AGENT, id);
    expect(stored).toHaveLength(3);
  });

  it("2. preview and up with no program change send no request and report no change", async () => {
    const previewed = await preview();
    expect(previewed.changeSummary).toEqual({ same: 2 });
    const result = await up();
    expect(result.summary.resourceChanges).toEqual({ same: 2 });
    expect(await admin.journal()).toEqual([]);
  });

  const changes: [string, () => void, Record<string, unknown>][] = [
    ["windowStart", () => (args.windowStart = iso(T0 + 1.5 * day)), { windowStart: iso(T0 + 1.5 * day) }],
    ["windowEnd", () => (args.windowEnd = iso(T0 + 3 * day)), { windowEnd: iso(T0 + 3 * day) }],
    ["windowEnd cleared", () => delete args.windowEnd, { windowEnd: null }],
    [
      "webhookUrl",
      () => (args.webhookUrl = "https://hooks.example.com/v2"),
      { webhookUrl: "https://hooks.example.com/v2" },
    ],
    ["throttle", () => (args.throttle = "gentle"), { throttle: "gentle" }],
    ["paused", () => (args.paused = true), { paused: true }],
  ];
  for (const [name, change, body] of changes) {
    it(`3. changing ${name} sends one PATCH carrying only it`, async () => {
      change();
      const result = await up();
      expect(result.summary.resourceChanges).toMatchObject({ update: 1 });
      expect(await onlyPatchBody()).toEqual(body);
    });
  }

  it("3. changing webhookSecret sends one PATCH carrying only it, and it stays secret", async () => {
    args.webhookSecret = `${WEBHOOK_SECRET}-rotated`;
    await up();
    expect(await onlyPatchBody()).toEqual({ webhookSecret: `${WEBHOOK_SECRET}-rotated` });
    expect(readStateFiles(local.stateDir)).not.toContain(`${WEBHOOK_SECRET}-rotated`);
  });

  it("3. changing one call sends one PATCH carrying only the call list", async () => {
    const calls = campaign().calls as Record<string, unknown>[];
    calls[1] = { medium: { serverWebSocket: { inputSampleRate: 8000 } }, templateContext: { name: "Grace" } };
    args.calls = calls;
    await up();
    const body = await onlyPatchBody();
    expect(Object.keys(body)).toEqual(["calls"]);
    expect((body.calls as unknown[])[1]).toEqual({
      medium: { serverWebSocket: { inputSampleRate: 8000 } },
      templateContext: { name: "Grace" },
    });
  });

  it("3. two fields at once go in one PATCH", async () => {
    args.windowStart = iso(T0 + 1.25 * day);
    args.throttle = "brisk";
    await up();
    expect(await onlyPatchBody()).toEqual({ windowStart: iso(T0 + 1.25 * day), throttle: "brisk" });
  });

  it("5. refresh sees an out-of-band change and the next up restores the declared state", async () => {
    const id = await batchId();
    await admin.request("PATCH", `/api/agents/${AGENT}/scheduled_batches/${id}`, {
      webhookUrl: "https://attacker.example.com/hook",
    });
    await admin.clearJournal();
    const refreshed = await local.stack.refresh();
    expect(refreshed.summary.resourceChanges).toMatchObject({ update: 1 });
    expect(await admin.requests()).toEqual([`GET /api/agents/${AGENT}/scheduled_batches/${id}`]);
    const previewed = await preview();
    expect(previewed.changeSummary).toMatchObject({ update: 1 });
    await up();
    expect(await onlyPatchBody()).toEqual({ webhookUrl: "https://hooks.example.com/v2" });
  });

  it("6. refresh drops a batch deleted out of band, and up creates it again", async () => {
    const id = await batchId();
    await admin.request("DELETE", `/api/agents/${AGENT}/scheduled_batches/${id}`);
    const refreshed = await local.stack.refresh();
    expect(refreshed.summary.resourceChanges).toMatchObject({ delete: 1 });
    const result = await up();
    expect(result.summary.resourceChanges).toMatchObject({ create: 1 });
    expect(await admin.requests()).toEqual([`POST /api/agents/${AGENT}/scheduled_batches`]);
    expect(await batchId()).not.toBe(id);
  });

  it("8. state holds no plaintext API key, webhook secret or SIP password; __provider is small", async () => {
    const text = readStateFiles(local.stateDir);
    expect(text.length).toBeGreaterThan(1000);
    for (const secret of [API_KEY, WEBHOOK_SECRET, SIP_PASSWORD]) expect(text).not.toContain(secret);
    const deployment = await local.stack.exportStack();
    const resources = deployment.deployment.resources as {
      type: string;
      inputs?: Record<string, unknown>;
      outputs?: Record<string, unknown>;
    }[];
    const batches = resources.filter((r) => r.type === "pulumi-nodejs:dynamic/ultravox:ScheduledBatch");
    expect(batches).toHaveLength(1);
    for (const resource of batches) {
      for (const bag of [resource.inputs, resource.outputs]) {
        const provider = bag?.__provider;
        expect(typeof provider).toBe("string");
        expect(Buffer.byteLength(provider as string)).toBeLessThan(2048);
      }
    }
  });

  it("4. a new agentId replaces the batch: a POST of the new one, then a DELETE of the old", async () => {
    const old = await batchId();
    args.agentId = OTHER_AGENT;
    const result = await up();
    expect(result.summary.resourceChanges).toMatchObject({ replace: 1 });
    expect(await admin.requests()).toEqual([
      `POST /api/agents/${OTHER_AGENT}/scheduled_batches`,
      `DELETE /api/agents/${AGENT}/scheduled_batches/${old}`,
    ]);
  });

  it("7. destroy sends one DELETE", async () => {
    const id = await batchId();
    await admin.clearJournal();
    const result = await local.stack.destroy();
    expect(result.summary.resourceChanges).toMatchObject({ delete: 2 });
    expect(await admin.requests()).toEqual([`DELETE /api/agents/${OTHER_AGENT}/scheduled_batches/${id}`]);
    expect((await admin.batch(OTHER_AGENT, id)).status).toBe(404);
  });
});
