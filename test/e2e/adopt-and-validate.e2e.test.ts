import { ScheduledBatch, type ScheduledBatchArgs } from "pulumi-ultravox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmulatorAdmin } from "../../scripts/lib/emulator-admin";
import { type LocalStack, localStack, readStateFiles } from "../../scripts/lib/local-stack";
import { type RunningEmulator, startEmulator } from "../../src/emulator";

/** Adopting existing batches, validation before any request, and server-chosen secrets, via the real CLI. */

const API_KEY = "e2eadopt.abcdefghijklmnopqrstuvwxyz012345";
const AGENT = "22222222-3333-4444-8555-666666666666";
const outgoingCall = (to: string) => ({ medium: { twilio: { outgoing: { to, from: "+14155550100" } } } });

let emulator: RunningEmulator;
let admin: EmulatorAdmin;
const stacks: LocalStack[] = [];

async function stackFor(projectName: string, program: () => Promise<Record<string, unknown>>) {
  const local = await localStack({
    projectName,
    program,
    config: {
      "ultravox:apiKey": { value: API_KEY, secret: true },
      "ultravox:baseUrl": { value: emulator.url },
    },
  });
  stacks.push(local);
  return local;
}

beforeAll(async () => {
  emulator = await startEmulator({ clock: "manual", apiKeys: [API_KEY] });
  admin = new EmulatorAdmin(emulator);
}, 600_000);

afterAll(async () => {
  for (const local of stacks) await local.dispose();
  await emulator?.close();
});

describe("adopting an existing batch", () => {
  it("the `import` resource option cannot import dynamic resources (pulumi/pulumi#3550)", async () => {
    const made = await admin.request("POST", `/api/agents/${AGENT}/scheduled_batches`, {
      calls: [outgoingCall("+14155550150")],
    });
    const id = (made.json as { batchId: string }).batchId;
    const local = await stackFor("e2e-import", async () => {
      new ScheduledBatch(
        "imported",
        { agentId: AGENT, calls: [outgoingCall("+14155550150")] },
        { import: id },
      );
      return {};
    });
    // If this starts passing, the engine learned to import dynamic resources: document `import`.
    await expect(local.stack.up()).rejects.toThrow(/code must be a string/);
  });

  it("adoptBatchId takes over a live batch: GET it, read its calls, PATCH only what differs, never POST", async () => {
    const made = await admin.request("POST", `/api/agents/${AGENT}/scheduled_batches`, {
      calls: [outgoingCall("+14155550160"), outgoingCall("+14155550161")],
      throttle: "old-throttle",
    });
    const id = (made.json as { batchId: string }).batchId;
    const args: ScheduledBatchArgs = {
      agentId: AGENT,
      adoptBatchId: id,
      throttle: "new-throttle",
      calls: [outgoingCall("+14155550160"), outgoingCall("+14155550161")],
    };
    const local = await stackFor("e2e-adopt", async () => {
      const batch = new ScheduledBatch("adopted", args);
      return { batchId: batch.batchId };
    });
    await admin.clearJournal();
    const result = await local.stack.up();
    expect(result.outputs.batchId!.value).toBe(id);
    const journal = await admin.journal();
    expect(journal.map((e) => e.method)).toEqual(["GET", "GET", "PATCH"]);
    expect(journal[1]!.path).toBe(`/api/agents/${AGENT}/scheduled_batches/${id}/scheduled_calls`);
    expect(journal[2]!.body).toEqual({ throttle: "new-throttle" });

    // From then on it is an ordinary managed batch: no change, no request; destroy deletes it.
    await admin.clearJournal();
    await local.stack.up();
    expect(await admin.journal()).toEqual([]);
    await local.stack.destroy();
    expect(await admin.requests()).toEqual([`DELETE /api/agents/${AGENT}/scheduled_batches/${id}`]);
  });
});

describe("validation happens at preview, before any request", () => {
  it("a bad input fails preview naming the property path, and the API sees nothing", async () => {
    const local = await stackFor("e2e-invalid", async () => {
      new ScheduledBatch("invalid", {
        agentId: AGENT,
        windowStart: "2027-03-01T10:00:00Z",
        windowEnd: "2027-03-01T09:00:00Z",
        calls: [outgoingCall("+14155550170"), outgoingCall("not-a-number")],
      });
      return {};
    });
    await admin.clearJournal();
    const failure = local.stack.preview();
    await expect(failure).rejects.toThrow(/calls\[1\]\.medium\.twilio\.outgoing\.to/);
    await expect(failure).rejects.toThrow(/windowEnd/);
    expect(await admin.journal()).toEqual([]);
  });
});

describe("a secret the server chose", () => {
  it("is a secret output and never lands in the state file in plaintext", async () => {
    const local = await stackFor("e2e-server-secret", async () => {
      const batch = new ScheduledBatch("webhook-batch", {
        agentId: AGENT,
        webhookUrl: "https://hooks.example.com/batch",
        calls: [{ medium: { webRtc: {} } }],
      });
      return { batchId: batch.batchId, webhookSecret: batch.webhookSecret };
    });
    const result = await local.stack.up();
    expect(result.outputs.webhookSecret!.secret).toBe(true);
    const id = result.outputs.batchId!.value as string;
    const live = await admin.batch(AGENT, id);
    const chosen = live.json.webhookSecret as string;
    expect(chosen.length).toBeGreaterThan(8);
    expect(result.outputs.webhookSecret!.value).toBe(chosen);
    expect(readStateFiles(local.stateDir)).not.toContain(chosen);

    // Refresh reads it back; still no plaintext, and the next preview sees no change.
    await local.stack.refresh();
    expect(readStateFiles(local.stateDir)).not.toContain(chosen);
    await admin.clearJournal();
    const previewed = await local.stack.preview();
    expect(previewed.changeSummary).toEqual({ same: 2 });
    expect(await admin.journal()).toEqual([]);
    await local.stack.destroy();
  });
});
