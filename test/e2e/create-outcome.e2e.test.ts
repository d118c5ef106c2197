import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../src/emulator";
import {
  AGENT,
  API_KEY,
  CampaignStack,
  campaign,
  outgoingCall,
  SIP_PASSWORD,
  WEBHOOK_SECRET,
} from "./campaign";

/**
 * A batch id, once seen, reaches the engine: through plain `pulumi up` (language host, engine,
 * dynamic-provider host, state file) against the emulator, whose faults make the service act and
 * then lose the answer.
 */

let emulator: RunningEmulator;
let stack: CampaignStack | undefined;

beforeAll(async () => {
  emulator = await startEmulator({ clock: "manual", apiKeys: [API_KEY] });
});

afterAll(async () => {
  await stack?.dispose();
  await emulator?.close();
});

const BATCHES = `/api/agents/${AGENT}/scheduled_batches`;

function expectNoPlaintextSecret(state: string): void {
  expect(state).toContain("ScheduledBatch");
  for (const secret of [API_KEY, WEBHOOK_SECRET, JSON.stringify(WEBHOOK_SECRET).slice(1, -1), SIP_PASSWORD]) {
    expect(state).not.toContain(secret);
  }
}

describe("a create answered with only the batch id, whose read-back fails", () => {
  it("the first up fails naming the batch and records it; the second up sends no POST", async () => {
    stack = new CampaignStack(emulator);
    await stack.init(campaign(), { webhookSecret: WEBHOOK_SECRET, sipPassword: SIP_PASSWORD });
    await stack.admin.clearJournal();
    await stack.admin.addFault({ kind: "only-id", method: "POST" });
    await stack.admin.addFault({
      kind: "status",
      status: 500,
      method: "GET",
      path: "/scheduled_batches/[^/]+$",
    });

    const first = await stack.project.run(["up", "--yes", "--skip-preview"]);

    expect(first.code).not.toBe(0);
    const firstRequests = await stack.requests(); // before the listing below, which is journaled too
    const made = (await stack.admin.batches(AGENT)).map((batch) => batch.batchId as string);
    expect(made).toHaveLength(1);
    const id = made[0] as string;
    // The look for an earlier create's batch, the POST, the read-back.
    expect(firstRequests).toEqual([`GET ${BATCHES}`, `POST ${BATCHES}`, `GET ${BATCHES}/${id}`]);
    expect(first.output).toContain(`made batch ${id}`);
    expect(first.output).toContain("the next `pulumi up` reads it");
    expect(await stack.batchId()).toBe(id);
    // The partial state the failed create recorded holds no secret in plaintext either.
    expectNoPlaintextSecret(stack.project.stateText());
    await stack.admin.clearJournal();

    const second = await stack.project.up();

    expect(second.code).toBe(0);
    expect(await stack.requests()).toEqual([`GET ${BATCHES}/${id}`]);
    expect((await stack.admin.batches(AGENT)).map((batch) => batch.batchId)).toEqual([id]);
    await stack.admin.clearJournal();
    const outputs = await stack.project.outputs();
    expect(outputs.batchId).toBe(id);
    expectNoPlaintextSecret(stack.project.stateText());

    // Converged: a further up sends nothing.
    await stack.project.up();
    expect(await stack.requests()).toEqual([]);
  }, 300_000); // four CLI commands on a shared 2-core machine
});

describe("an update of the calls answered with only the batch id, whose read-back fails", () => {
  it("the up fails saying the change was applied and records it; the next up sends no PATCH", async () => {
    await stack?.dispose();
    stack = new CampaignStack(emulator);
    await stack.init(campaign(), { webhookSecret: WEBHOOK_SECRET, sipPassword: SIP_PASSWORD });
    expect((await stack.project.up()).code).toBe(0);
    const id = await stack.batchId();
    await stack.setBatch({
      ...campaign(),
      calls: [...(campaign().calls as object[]), outgoingCall("+442071838750")],
    });
    await stack.admin.clearJournal();
    await stack.admin.addFault({ kind: "only-id", method: "PATCH" });
    await stack.admin.addFault({
      kind: "status",
      status: 500,
      method: "GET",
      path: "/scheduled_batches/[^/]+$",
      count: 10,
    });

    const first = await stack.project.run(["up", "--yes", "--skip-preview"]);

    expect(first.code).not.toBe(0);
    expect(first.output).toContain("applied the change");
    expect((await stack.requests()).filter((line) => line.startsWith("PATCH"))).toEqual([
      `PATCH ${BATCHES}/${id}`,
    ]);
    expect(await stack.admin.storedCalls(AGENT, id)).toHaveLength(4);
    // The engine recorded the update's outputs (a partial failure): the new calls count as applied.
    await stack.admin.clearFaults();
    const second = await stack.project.up();
    expect(second.code).toBe(0);
    expect((await stack.requests()).filter((line) => !line.startsWith("GET"))).toEqual([]);
    expectNoPlaintextSecret(stack.project.stateText());
  }, 300_000);
});
