import { describe, expect, it } from "vitest";
import { callInputSchema } from "../../src/batch/schema";
import { pendingCalls } from "../../src/provider/pending-calls";
import { AGENT, API_KEY, CALLER, useEmulator } from "./harness";

/**
 * `pendingCalls` against the emulator over HTTP: the calls a paused batch never placed, in the shape
 * of a batch's `calls`, without the people who asked not to be called, and never for a batch that
 * may still dial.
 */

const env = useEmulator();
const settings = () => ({ apiKey: API_KEY, baseUrl: env.emulator.url });
const batchesPath = `/api/agents/${AGENT}/scheduled_batches`;

/** n outgoing Twilio calls to +1415555100<i>, the first carrying a create token as the provider writes it. */
function callsTo(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    medium: { twilio: { outgoing: { to: `+1415555${String(1000 + i)}`, from: CALLER } } },
    metadata: { customerId: `c-${i}`, ...(i === 0 ? { "pulumi-ultravox.createToken": "t-1" } : {}) },
    templateContext: { n: i },
  }));
}

/** A batch of `n` calls that starts at once; `placed` of them are placed, then it is paused. */
async function pausedBatch(n: number, placed: number): Promise<string> {
  const created = await env.admin.request("POST", batchesPath, { calls: callsTo(n) });
  const { batchId } = created.json as { batchId: string };
  if (placed > 0) await env.admin.advanceClock(placed); // the emulator dials one call a second
  await env.admin.request("PATCH", `${batchesPath}/${batchId}`, { paused: true });
  await env.admin.clearJournal();
  return batchId;
}

describe("pendingCalls", () => {
  it("returns the calls a paused batch never placed, as `calls` input, without the provider's token", async () => {
    const batchId = await pausedBatch(5, 2);
    const result = await pendingCalls({ agentId: AGENT, batchId }, settings());
    expect(result.statusCounts).toEqual({ FUTURE: 3, PENDING: 0, SUCCESS: 2, EXPIRED: 0, ERROR: 0 });
    expect(result.excludedCount).toBe(0);
    expect(result.calls.map((call) => call.metadata?.customerId)).toEqual(["c-2", "c-3", "c-4"]);
    for (const call of result.calls) expect(callInputSchema.safeParse(call).success).toBe(true);
    expect(await env.admin.requests()).toEqual([
      `GET ${batchesPath}/${batchId}`,
      `GET ${batchesPath}/${batchId}/scheduled_calls`,
    ]);
  });

  it("leaves out the calls to excludeTo, however the number is written", async () => {
    const batchId = await pausedBatch(5, 1);
    const result = await pendingCalls(
      { agentId: AGENT, batchId, excludeTo: ["+1 (415) 555-1003", "+14155551000"] },
      settings(),
    );
    // +14155551000 was placed already: it matches a call, so it is no typo, and nothing is left to exclude.
    expect(result.calls.map((call) => call.metadata?.customerId)).toEqual(["c-1", "c-2", "c-4"]);
    expect(result.excludedCount).toBe(1);
  });

  it("refuses a number that matches no call of the batch, without printing it", async () => {
    const batchId = await pausedBatch(3, 0);
    const typo = "+14155551090";
    const failure = pendingCalls({ agentId: AGENT, batchId, excludeTo: ["+14155551001", typo] }, settings());
    await expect(failure).rejects.toThrow(/excludeTo\[1\] matches no call of batch/);
    await expect(failure).rejects.not.toThrow(typo);
  });

  it("refuses a batch that is neither paused nor ended, after one GET", async () => {
    const created = await env.admin.request("POST", batchesPath, { calls: callsTo(2) });
    const { batchId } = created.json as { batchId: string };
    await env.admin.clearJournal();
    await expect(pendingCalls({ agentId: AGENT, batchId }, settings())).rejects.toThrow(
      /neither paused nor ended.*Pause it first/,
    );
    expect(await env.admin.requests()).toEqual([`GET ${batchesPath}/${batchId}`]);
  });

  it("reads an ended batch: nothing pending", async () => {
    const created = await env.admin.request("POST", batchesPath, { calls: callsTo(2) });
    const { batchId } = created.json as { batchId: string };
    await env.admin.advanceClock(5);
    const result = await pendingCalls({ agentId: AGENT, batchId }, settings());
    expect(result.calls).toEqual([]);
    expect(result.statusCounts.SUCCESS).toBe(2);
  });

  it("reads every page of a long listing", async () => {
    const batchId = await pausedBatch(230, 10);
    const result = await pendingCalls({ agentId: AGENT, batchId }, settings());
    expect(result.calls).toHaveLength(220);
    expect(result.calls[219]?.metadata?.customerId).toBe("c-229");
    expect((await env.admin.requests()).filter((line) => line.includes("scheduled_calls"))).toHaveLength(3);
  });

  it("names a bad argument by its path before any request", async () => {
    await expect(
      pendingCalls({ agentId: AGENT, batchId: "nope", excludeTo: [""] }, settings()),
    ).rejects.toThrow(/batchId: must be the batch's id \(a UUID\); excludeTo\[0\]: must not be empty/);
    expect(await env.admin.requests()).toEqual([]);
  });
});
