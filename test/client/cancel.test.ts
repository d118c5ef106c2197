import { afterEach, describe, expect, it } from "vitest";
import { resetClaims } from "../../src/batch/claims";
import { UltravoxClient } from "../../src/batch/client";
import { createBatchSafely } from "../../src/batch/safe-create";
import { CancelledError, cancelEverything, resetCancellation } from "../../src/http/cancellation";
import { AGENT, API_KEY, BATCH, batch, closedAfterEach, json, type Step } from "./scripted-server";

/**
 * The engine's Cancel (Ctrl-C): retry waits end at once and no new request starts; a request already
 * sent is awaited, so a batch the service made reaches the caller. Real timers: the waits here are
 * the service's `Retry-After: 20`, and each test ends in well under a second.
 */

const { scripted } = closedAfterEach();
afterEach(() => {
  resetCancellation();
  resetClaims();
});

const CALLS = [{ medium: { webRtc: {} } }];
const slowDown: Step = json(429, { detail: "Request was throttled." }, { "Retry-After": "20" });
const busy: Step = json(503, { detail: "Service unavailable." }, { "Retry-After": "20" });

function clientFor(baseUrl: string): UltravoxClient {
  return new UltravoxClient({ apiKey: API_KEY, baseUrl });
}

/** Cancel `afterMs` from now, as the engine's Cancel would arrive during the wait. */
function cancelAfter(afterMs: number): void {
  setTimeout(cancelEverything, afterMs);
}

async function timed<T>(work: Promise<T>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now();
  try {
    await work;
    return { error: undefined, ms: performance.now() - started };
  } catch (error) {
    return { error, ms: performance.now() - started };
  }
}

describe("Cancel during a retry wait", () => {
  it("a POST refused with 429 + Retry-After: 20 is not sent again, and the wait ends at once", async () => {
    const server = await scripted([slowDown, json(201, batch({ batchId: BATCH }))]);
    cancelAfter(200);

    const { error, ms } = await timed(createBatchSafely(clientFor(server.baseUrl), AGENT, { calls: CALLS }));

    expect(error).toBeInstanceOf(CancelledError);
    expect((error as Error).message).toContain("not sent again");
    expect((error as Error).message).toContain("nothing was done");
    expect(server.requests.map((r) => r.method)).toEqual(["POST"]);
    expect(ms).toBeLessThan(5_000);
  });

  it("a PATCH waiting out a 503 is not sent again", async () => {
    const server = await scripted([busy, json(200, batch({ batchId: BATCH }))]);
    cancelAfter(200);

    const { error } = await timed(clientFor(server.baseUrl).updateBatch(AGENT, BATCH, { paused: true }));

    expect(error).toBeInstanceOf(CancelledError);
    expect(server.requests.map((r) => r.method)).toEqual(["PATCH"]);
  });

  it("a DELETE waiting out a 503 is not sent again", async () => {
    const server = await scripted([busy, (_req, res) => res.writeHead(204).end()]);
    cancelAfter(200);

    const { error } = await timed(clientFor(server.baseUrl).deleteBatch(AGENT, BATCH));

    expect(error).toBeInstanceOf(CancelledError);
    expect(server.requests.map((r) => r.method)).toEqual(["DELETE"]);
  });
});

describe("Cancel while a request is in flight", () => {
  it("awaits the POST: the batch the service made is returned, and nothing is sent after", async () => {
    const slowCreate: Step = (_req, res) => {
      setTimeout(() => json(201, batch({ batchId: BATCH }))(_req, res, ""), 400);
    };
    const server = await scripted([slowCreate, json(200, batch({ batchId: BATCH }))]);
    const client = clientFor(server.baseUrl);
    cancelAfter(100);

    const created = await createBatchSafely(client, AGENT, { calls: CALLS });

    expect(created.batchId).toBe(BATCH);
    const after = await timed(client.getBatch(AGENT, BATCH));
    expect(after.error).toBeInstanceOf(CancelledError);
    expect((after.error as Error).message).toContain("was not sent");
    expect(server.requests.map((r) => r.method)).toEqual(["POST"]);
  });
});
