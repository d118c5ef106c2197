import { describe, expect, it } from "vitest";
import {
  AGENT,
  batchPath,
  CALLER,
  checked,
  createBatch,
  goodArgs,
  provider,
  rejection,
  useEmulator,
} from "./harness";

/**
 * A PATCH carrying the call list is sent once: if the service restarts calls on each such PATCH, a
 * repeat would dial again the people called in between. An unknown outcome is reconciled by reading
 * the batch's calls; a change it cannot confirm is an error saying what to check.
 */

const env = useEmulator();

const NEW_CALLS = [
  { medium: { telnyx: { outgoing: { to: "+442071838750", from: CALLER } } }, metadata: { customer: "c-7" } },
  { medium: { webRtc: {} } },
];

async function changedCalls() {
  const created = await createBatch(goodArgs(env));
  const news = await checked({ ...goodArgs(env), calls: NEW_CALLS });
  await env.admin.clearJournal();
  return { ...created, news };
}

function methods(journal: { method: string; path: string; status: number | null }[]): string[] {
  return journal.map((entry) => `${entry.method} ${entry.path} ${entry.status}`);
}

describe("a PATCH carrying calls whose answer is lost", () => {
  it("is not sent again; the calls show the new list, so the update succeeds", async () => {
    const { id, outs, news } = await changedCalls();
    await env.admin.addFault({ kind: "drop-after", method: "PATCH" });

    const result = await provider.update!(id, outs, news);

    const journal = await env.admin.journal();
    expect(journal.filter((entry) => entry.method === "PATCH")).toHaveLength(1);
    expect(methods(journal)).toEqual([
      `PATCH ${batchPath(id)} 200`,
      `GET ${batchPath(id)}/scheduled_calls 200`,
      `GET ${batchPath(id)} 200`,
    ]);
    expect(await env.admin.storedCalls(AGENT, id)).toEqual(NEW_CALLS);
    expect(result.outs).toMatchObject({ batchId: id, totalCount: 2 });
  });

  it("a 503 that may follow the change is not retried; unconfirmed, the error says what to check", async () => {
    const { id, outs, news } = await changedCalls();
    await env.admin.addFault({ kind: "status", status: 503, method: "PATCH" });

    const error = await rejection(provider.update!(id, outs, news));

    const journal = await env.admin.journal();
    expect(journal.filter((entry) => entry.method === "PATCH")).toHaveLength(1);
    expect(error.message).toContain("may or may not have been applied");
    expect(error.message).toContain(`${batchPath(id)}/scheduled_calls`);
    expect(error.message).toContain(`adoptBatchId: "${id}"`);
  });

  it("a PATCH the service answered 2xx but that cannot be read back is recorded as applied", async () => {
    const { id, outs, news } = await changedCalls();
    await env.admin.addFault({ kind: "only-id", method: "PATCH" });
    await env.admin.addFault({ kind: "status", status: 503, method: "GET", count: 10 });

    const error = (await rejection(provider.update!(id, outs, news))) as Error & {
      id?: string;
      properties?: Record<string, unknown>;
    };

    expect((await env.admin.journal()).filter((entry) => entry.method === "PATCH")).toHaveLength(1);
    expect(error.message).toContain("applied the change");
    // The engine records these outputs (a partial failure): the new calls count as applied.
    expect(error.id).toBe(id);
    const again = await provider.diff!(id, error.properties ?? {}, news);
    expect(again.changes).toBe(false);
  });

  it("a PATCH without calls is still retried after a 503", async () => {
    const created = await createBatch(goodArgs(env));
    const news = await checked({ ...goodArgs(env), throttle: "other-throttle" });
    await env.admin.clearJournal();
    await env.admin.addFault({ kind: "status", status: 503, retryAfter: 0, method: "PATCH" });

    await provider.update!(created.id, created.outs, news);

    const patches = (await env.admin.journal()).filter((entry) => entry.method === "PATCH");
    expect(patches.map((entry) => entry.status)).toEqual([503, 200]);
  });
});
