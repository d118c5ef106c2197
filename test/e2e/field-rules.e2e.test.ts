import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { EmulatorAdmin } from "../../scripts/lib/emulator-admin";
import { type RunningEmulator, startEmulator } from "../../src/emulator";
import { checkTrafficAfterEach } from "../openapi/traffic-check";
import { AGENT, API_KEY, CampaignStack, OTHER_AGENT, outgoingCall } from "./campaign";

/**
 * The field table's rules where they show in a plan, with plain `pulumi` commands: a pause is
 * one-way, adoptBatchId is create-only, a new agentId deletes the old batch before creating the new.
 */

let emulator: RunningEmulator;
let admin: EmulatorAdmin;
const stacks: CampaignStack[] = [];
const batch = (extra: Record<string, unknown> = {}) => ({
  agentId: AGENT,
  calls: [outgoingCall("+14155550181"), outgoingCall("+14155550182")],
  ...extra,
});

beforeAll(async () => {
  // Throttles named here are free text that names no call throttle; "accept" keeps them (the 400
  // the emulator gives by default is tested in test/emulator/throttle-enforcement.test.ts).
  emulator = await startEmulator({
    unknownThrottle: "accept",
    clock: "manual",
    apiKeys: [API_KEY],
    journalExchanges: true,
  });
  admin = new EmulatorAdmin(emulator);
});

afterEach(async () => {
  for (const stack of stacks.splice(0)) await stack.dispose();
});

afterAll(async () => {
  await emulator?.close();
});

// What plain `pulumi` sends through the provider, and each answer, must match the API description.
checkTrafficAfterEach(() => emulator, { requests: "all" });

async function deployed(extra: Record<string, unknown> = {}): Promise<CampaignStack> {
  const stack = new CampaignStack(emulator);
  stacks.push(stack);
  await stack.init(batch(extra));
  await stack.project.up();
  await admin.clearJournal();
  return stack;
}

describe("paused is one-way", () => {
  it("un-pausing in the program fails at preview, saying why and what to do, and sends nothing", async () => {
    const stack = await deployed({ paused: true });
    await stack.setBatch(batch({ paused: false }));
    const result = await stack.project.run(["preview"]);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/cannot resume a paused batch/);
    expect(result.output).toMatch(/pulumi up --replace/);
    expect(await admin.journal()).toEqual([]);
  });

  it("a pause made outside Pulumi, seen by refresh, fails the unchanged program's preview instead of a PATCH that must fail", async () => {
    const stack = await deployed();
    const id = await stack.batchId();
    await admin.request("PATCH", `/api/agents/${AGENT}/scheduled_batches/${id}`, { paused: true });
    await stack.project.refresh();
    await admin.clearJournal();
    const result = await stack.project.run(["up", "--yes"]);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/cannot resume a paused batch/);
    expect((await admin.journal()).filter((e) => e.method !== "GET")).toEqual([]);
    // Keeping `paused: true`, as the message says, converges with no request.
    await stack.setBatch(batch({ paused: true }));
    const kept = await stack.project.preview();
    expect(kept.stdout).toMatch(/2 unchanged/);
    expect(await admin.journal()).toEqual([]);
  });
});

describe("adoptBatchId is create-only", () => {
  it("pointing it at another batch after create fails at preview; the managed batch is untouched", async () => {
    const stack = await deployed();
    const made = await admin.request("POST", `/api/agents/${AGENT}/scheduled_batches`, batch());
    const other = (made.json as { batchId: string }).batchId;
    await admin.clearJournal();
    await stack.setBatch(batch({ adoptBatchId: other, throttle: "new" }));
    const result = await stack.project.run(["preview"]);
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/adoptBatchId/);
    expect(await admin.journal()).toEqual([]);
  });
});

describe("a new agentId replaces the batch, deleting the old one first", () => {
  it("preview shows a delete-before-replace; up sends DELETE of the old, then POST of the new", async () => {
    const stack = await deployed();
    const old = await stack.batchId();
    // Its window is open and it is not paused: the re-dial must be approved (docs/campaign-lifecycle.md).
    await stack.setBatch(batch({ agentId: OTHER_AGENT, allowRedialOf: old }));
    await admin.clearJournal();
    const previewed = await stack.project.preview("--diff");
    expect(previewed.stdout).toMatch(/1 to replace/);
    expect(previewed.stdout).toMatch(/delete-replaced|--delete-replaced|\+-/);
    // The one request a preview may send: the new agent proven to exist.
    expect(await admin.requests()).toEqual([`GET /api/agents/${OTHER_AGENT}`]);
    await admin.clearJournal();
    await stack.project.up();
    expect(await admin.requests()).toEqual([
      `GET /api/agents/${OTHER_AGENT}`,
      `DELETE /api/agents/${AGENT}/scheduled_batches/${old}`,
      `GET /api/agents/${OTHER_AGENT}/scheduled_batches`,
      `POST /api/agents/${OTHER_AGENT}/scheduled_batches`,
    ]);
  });
});
