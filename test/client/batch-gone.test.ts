import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { EmulatorAdmin } from "../../scripts/lib/emulator-admin";
import { type RunningEmulator, startEmulator } from "../../src/emulator";
import * as lifecycle from "../../src/provider/batch-lifecycle";
import { AGENT, OTHER_AGENT } from "../fixtures";
import { startServer, type TestServer } from "./scripted-server";

/**
 * A 404 drops a batch from the state (refresh) or counts as deleted (destroy) only
 * when it proves the batch is gone: the API's own JSON 404, and the agent's batch list visible under
 * this key. Driven through lifecycle read/delete against the emulator over HTTP.
 */

const API_KEY = "gone0001.abcdefghijklmnopqrstuvwxyz012345";
const day = 24 * 3600 * 1000;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

let emulator: RunningEmulator;
let admin: EmulatorAdmin;
const extra: TestServer[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ clock: "realtime", apiKeys: [API_KEY] });
  admin = new EmulatorAdmin(emulator);
});
afterAll(async () => {
  await emulator?.close();
});
afterEach(async () => {
  await admin.setOptions({ agents: null });
  await Promise.all(extra.splice(0).map((server) => server.close()));
});

async function configure(baseUrl: string): Promise<void> {
  const values: Record<string, string> = { "ultravox:apiKey": API_KEY, "ultravox:baseUrl": baseUrl };
  await lifecycle.configure({ config: { get: (key: string) => values[key] } } as never);
}

async function created(): Promise<{ id: string; outs: Record<string, unknown> }> {
  await configure(emulator.url);
  const now = Date.now();
  const checked = await lifecycle.check(
    {},
    {
      agentId: AGENT,
      windowStart: iso(now + day),
      windowEnd: iso(now + 2 * day),
      calls: [{ medium: { sip: { outgoing: { to: "sip:lead@sip.example.com" } } } }],
    },
  );
  const result = await lifecycle.create(checked.inputs as Record<string, unknown>);
  return { id: result.id, outs: result.outs as Record<string, unknown> };
}

async function stillThere(id: string): Promise<boolean> {
  await admin.setOptions({ agents: null });
  return (await admin.batch(AGENT, id)).status === 200;
}

describe("a 404 that does not prove the batch is gone", () => {
  it("refresh: the agent is not visible under this key (another account): error, batch kept", async () => {
    const { id, outs } = await created();
    await admin.setOptions({ agents: [OTHER_AGENT] }); // this key no longer sees AGENT
    const error = await lifecycle.read(id, outs).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toContain("NOT treated as gone");
    expect(error?.message).toContain("agentId");
    expect(error?.message).toContain("ultravox:apiKey");
    expect(error?.message).not.toContain(API_KEY);
    expect(await stillThere(id)).toBe(true);
  });

  it("destroy: the agent is not visible under this key: error, not reported as deleted", async () => {
    const { id, outs } = await created();
    await admin.setOptions({ agents: [OTHER_AGENT] });
    await expect(lifecycle.delete(id, outs)).rejects.toThrow(/NOT treated as gone/);
    expect(await stillThere(id)).toBe(true);
  });

  it("refresh and destroy: an HTML 404 from something that is not the API (proxy, wrong path)", async () => {
    const { id, outs } = await created();
    const proxy = await startServer((_req, res) =>
      res.writeHead(404, { "Content-Type": "text/html" }).end("<html><h1>404 Not Found</h1>nginx</html>"),
    );
    extra.push(proxy);
    await configure(proxy.baseUrl);
    await expect(lifecycle.read(id, outs)).rejects.toThrow(/not the Ultravox API's.*ultravox:baseUrl/);
    await expect(lifecycle.delete(id, outs)).rejects.toThrow(/not the Ultravox API's/);
    // One request each: a non-API 404 needs no listing to be distrusted.
    expect(proxy.requests.map((r) => r.method)).toEqual(["GET", "DELETE"]);
    expect(await stillThere(id)).toBe(true);
  });
});

describe("a 404 that proves it", () => {
  it("the batch was deleted and the agent is visible: refresh keeps a tombstone, destroy succeeds", async () => {
    const { id, outs } = await created();
    await admin.request("DELETE", `/api/agents/${AGENT}/scheduled_batches/${id}`);
    // Proven gone: kept as a tombstone (docs/campaign-lifecycle.md), so its re-create needs approval.
    const read = await lifecycle.read(id, outs);
    expect(read.id).toBe(id);
    expect(typeof read.props?.deletedOutsideAt).toBe("string");
    await expect(lifecycle.delete(id, read.props)).resolves.toBeUndefined();
  });
});
