import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { EmulatorAdmin } from "../../scripts/lib/emulator-admin";
import { type RunningEmulator, startEmulator } from "../../src/emulator";
import { checkTrafficAfterEach } from "../openapi/traffic-check";
import { AGENT, API_KEY, CampaignStack, outgoingCall } from "./campaign";

/** Adoption, validation before any request, and server-chosen secrets, with plain `pulumi` commands. */

let emulator: RunningEmulator;
const stacks: CampaignStack[] = [];

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

afterEach(async () => {
  for (const stack of stacks.splice(0)) await stack.dispose();
});

afterAll(async () => {
  await emulator?.close();
});

// What plain `pulumi` sends through the provider, and each answer, must match the API description.
checkTrafficAfterEach(() => emulator, { requests: "all" });

function newStack(): CampaignStack {
  const stack = new CampaignStack(emulator);
  stacks.push(stack);
  return stack;
}

async function batchMadeOutsidePulumi(body: Record<string, unknown>): Promise<string> {
  const made = await new EmulatorAdmin(emulator).request(
    "POST",
    `/api/agents/${AGENT}/scheduled_batches`,
    body,
  );
  return (made.json as { batchId: string }).batchId;
}

describe("adopting an existing batch", () => {
  it("the `import` resource option cannot import dynamic resources (pulumi/pulumi#3550)", async () => {
    const id = await batchMadeOutsidePulumi({ calls: [outgoingCall("+14155550150")] });
    const stack = newStack();
    await stack.init({ agentId: AGENT, calls: [outgoingCall("+14155550150")] });
    await stack.project.setConfig("importId", id);
    // If this starts passing, the engine learned to import dynamic resources: document `import`.
    const result = await stack.project.run(["up", "--yes", "--skip-preview"]);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/code must be a string/);
  });

  it("adoptBatchId takes over a live batch: GET it, read its calls, PATCH only what differs, never POST", async () => {
    const calls = [outgoingCall("+14155550160"), outgoingCall("+14155550161")];
    const id = await batchMadeOutsidePulumi({ calls, throttle: "old-throttle" });
    const stack = newStack();
    await stack.init({ agentId: AGENT, adoptBatchId: id, throttle: "new-throttle", calls });
    await stack.admin.clearJournal();
    await stack.project.up();
    expect((await stack.project.outputs()).batchId).toBe(id);
    const journal = await stack.admin.journal();
    expect(journal.map((e) => e.method)).toEqual(["GET", "GET", "PATCH"]);
    expect(journal[1]!.path).toBe(`/api/agents/${AGENT}/scheduled_batches/${id}/scheduled_calls`);
    expect(journal[2]!.body).toEqual({ throttle: "new-throttle" });

    // From then on it is an ordinary managed batch: no change, no request; destroy deletes it.
    await stack.admin.clearJournal();
    await stack.project.up();
    expect(await stack.admin.journal()).toEqual([]);
    await stack.project.destroy();
    expect(await stack.requests()).toEqual([`DELETE /api/agents/${AGENT}/scheduled_batches/${id}`]);
  });
});

describe("validation happens at preview, before any request", () => {
  it("a bad input fails preview naming the property path and the masked value, and the API sees nothing", async () => {
    const stack = newStack();
    await stack.init({
      agentId: AGENT,
      windowStart: "2030-03-01T10:00:00Z",
      windowEnd: "2030-03-01T09:00:00Z",
      calls: [outgoingCall("+14155550170"), outgoingCall("14155550171")],
    });
    await stack.admin.clearJournal();
    const result = await stack.project.run(["preview"]);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/calls\[1\]\.medium\.twilio\.outgoing\.to/);
    // The bad number is named masked (personal data), never in full.
    expect(result.output).toContain("(value 14***71)");
    expect(result.output).not.toContain("14155550171");
    expect(result.output).toMatch(/windowEnd/);
    expect(result.output).not.toContain("{<nil>}");
    expect(await stack.admin.journal()).toEqual([]);
  });
});

describe("a secret the server chose", () => {
  it("is a secret output and never lands in the state file in plaintext", async () => {
    const stack = newStack();
    await stack.init({
      agentId: AGENT,
      webhookUrl: "https://hooks.example.com/batch",
      calls: [{ medium: { webRtc: {} } }],
    });
    await stack.project.up();
    const outputs = await stack.project.outputs();
    const id = outputs.batchId as string;
    const chosen = (await stack.admin.batch(AGENT, id)).json.webhookSecret as string;
    expect(chosen.length).toBeGreaterThan(8);
    expect(outputs.webhookSecretOut).toBe(chosen);
    const plain = await stack.project.ok("stack", "output", "webhookSecretOut");
    expect(plain.stdout).not.toContain(chosen); // shown as [secret] without --show-secrets
    expect(stack.project.stateText()).not.toContain(chosen);

    // Refresh reads it back; still no plaintext, and the next preview sees no change.
    await stack.project.refresh();
    expect(stack.project.stateText()).not.toContain(chosen);
    await stack.admin.clearJournal();
    const previewed = await stack.project.preview();
    expect(previewed.stdout).toMatch(/2 unchanged/);
    expect(await stack.admin.journal()).toEqual([]);
  });
});
