import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmulatorAdmin } from "../../scripts/lib/emulator-admin";
import { resetClaims } from "../../src/batch/claims";
import { createTokenFor, withCreateToken } from "../../src/batch/create-token";
import { batch } from "../../src/batch/definition";
import { type RunningEmulator, startEmulator } from "../../src/emulator";
import { toEngine } from "../../src/fields/engine-form";
import * as lifecycle from "../../src/provider/batch-lifecycle";
import { AGENT, API_KEY } from "../fixtures";

/**
 * A create-before-delete replace (`pulumi up --replace` of a resource without `deleteBeforeReplace`):
 * the engine creates the new resource first, and its look finds the old resource's batch (same URN,
 * same create token) and takes it over. The engine's Delete of the old resource that follows must not
 * delete the batch the new resource now holds.
 */

const URN = "urn:pulumi:dev::campaigns::ultravox:index:ScheduledBatch::march";
const BATCHES = `/api/agents/${AGENT}/scheduled_batches`;
const CALLS = [{ medium: { webRtc: {} } }];
const WEBHOOK = "https://hooks.example.com/x";

let emulator: RunningEmulator;
let admin: EmulatorAdmin;

beforeAll(async () => {
  emulator = await startEmulator({ clock: "manual", apiKeys: [API_KEY] });
  admin = new EmulatorAdmin(emulator);
  const config: Record<string, string> = { "ultravox:apiKey": API_KEY, "ultravox:baseUrl": emulator.url };
  await lifecycle.configure({ config: { get: (key: string) => config[key] } } as never);
});
afterAll(() => emulator?.close());

describe("a replace that creates first", () => {
  it("takes over the old resource's batch, and the old resource's delete leaves it alone", async () => {
    // The old resource's batch, made by an earlier run (so nothing in this process claims it).
    const body = withCreateToken({ calls: CALLS, webhookUrl: WEBHOOK }, createTokenFor(URN));
    const made = await admin.request("POST", BATCHES, body);
    const oldId = (made.json as { batchId: string }).batchId;
    resetClaims();
    await admin.clearJournal();

    const news = {
      ...toEngine(batch, { agentId: AGENT, calls: CALLS, webhookUrl: WEBHOOK }),
      __createIdentity: URN,
    };
    const checked = await lifecycle.check({}, news);
    expect(checked.failures ?? []).toEqual([]);
    const created = await lifecycle.create(checked.inputs);
    expect(created.id).toBe(oldId); // taken over, not posted again
    await lifecycle.delete(oldId, created.outs);

    const sent = (await admin.requests()).filter((line) => !line.startsWith("GET"));
    expect(sent).toEqual([]); // neither a POST nor a DELETE
    expect((await admin.request("GET", `${BATCHES}/${oldId}`)).status).toBe(200);
  });
});
