import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  AGENT,
  BATCH_KEYS,
  newAgentId,
  outgoingCalls,
  outgoingSipCall,
  startTestEmulator,
  type TestEmulator,
  THROTTLES,
} from "./helpers";

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.close());
beforeEach(async () => {
  expect((await emu.request("POST", "/_emulator/reset")).status).toBe(204);
});

describe("batch endpoints", () => {
  it("creates a batch: 201, exactly the documented keys, server-chosen secret, no calls echoed", async () => {
    await emu.request("POST", THROTTLES, { name: "nightly", rules: [] });
    const created = await emu.request("POST", emu.batchesPath(), {
      calls: outgoingCalls(3),
      windowStart: "2030-01-01T10:00:00+02:00",
      windowEnd: "2030-01-01T12:00:00+02:00",
      throttle: "nightly",
    });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body)).toEqual(BATCH_KEYS);
    expect(created.body.batchId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(created.body).toMatchObject({
      totalCount: 3,
      completedCount: 0,
      endedAt: null,
      windowStart: "2030-01-01T08:00:00.000Z",
      windowEnd: "2030-01-01T10:00:00.000Z",
      throttle: "nightly",
      webhookUrl: null,
      paused: false,
    });
    expect(created.body.webhookSecret).toMatch(/^\S{16,120}$/);
    const clock = await emu.request("GET", "/_emulator/clock");
    expect(created.body.created).toBe(clock.body.now);
  });

  it("keeps a given webhookSecret and returns unset fields as null", async () => {
    const created = await emu.request("POST", emu.batchesPath(), {
      calls: [{ medium: { webRtc: {} } }],
      webhookUrl: "https://hooks.example.com/ultravox",
      webhookSecret: "s3cret",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      webhookUrl: "https://hooks.example.com/ultravox",
      webhookSecret: "s3cret",
      windowStart: null,
      windowEnd: null,
      throttle: null,
    });
  });

  it("gets, patches and deletes a batch", async () => {
    const created = await emu.request("POST", emu.batchesPath(), { calls: outgoingCalls(1) });
    const path = `${emu.batchesPath()}/${created.body.batchId}`;
    await emu.request("POST", THROTTLES, { name: "slow", rules: [{ maxCalls: 1, windowSeconds: 60 }] });
    const got = await emu.request("GET", path);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(created.body);

    const patched = await emu.request("PATCH", path, { throttle: "slow", paused: true });
    expect(patched.status).toBe(200);
    expect(patched.body).toEqual({ ...created.body, throttle: "slow", paused: true });

    const deleted = await fetch(`${emu.url}${path}`, {
      method: "DELETE",
      headers: { "X-API-Key": emu.apiKey },
    });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe("");
    expect((await emu.request("GET", path)).body).toEqual({ detail: "Not found." });
    expect((await emu.request("DELETE", path)).status).toBe(404);
  });

  it("PATCH webhookSecret: null makes the server choose a new secret", async () => {
    const created = await emu.request("POST", emu.batchesPath(), {
      calls: [{}],
      webhookUrl: "http://example.com/h",
      webhookSecret: "old",
    });
    const patched = await emu.request("PATCH", `${emu.batchesPath()}/${created.body.batchId}`, {
      webhookSecret: null,
    });
    expect(patched.status).toBe(200);
    expect(patched.body.webhookSecret).not.toBe("old");
    expect(patched.body.webhookSecret.length).toBeGreaterThan(0);
  });

  it("an empty PATCH body is a no-op 200", async () => {
    const created = await emu.request("POST", emu.batchesPath(), { calls: outgoingCalls(1) });
    const path = `${emu.batchesPath()}/${created.body.batchId}`;
    const patched = await fetch(`${emu.url}${path}`, {
      method: "PATCH",
      headers: { "X-API-Key": emu.apiKey },
    });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toEqual(created.body);
  });

  it("ignores unknown keys in the body and in call items, but stores the items as received", async () => {
    const item = { ...outgoingSipCall(1), firstSpeakerSettings: { agent: {} }, voice: "Mark" };
    const created = await emu.request("POST", emu.batchesPath(), { calls: [item], colour: "blue" });
    expect(created.status).toBe(201);
    expect(created.body).not.toHaveProperty("colour");
    const stored = await emu.request(
      "GET",
      `/_emulator/agents/${AGENT}/batches/${created.body.batchId}/calls`,
    );
    expect(stored.status).toBe(200);
    expect(stored.body).toEqual({ calls: [item] });
  });

  it("answers 405 for a method the route does not have", async () => {
    const res = await emu.request("PUT", emu.batchesPath(), { calls: [{}] });
    expect(res.status).toBe(405);
    expect(res.body).toEqual({ detail: 'Method "PUT" not allowed.' });
    expect(res.headers.get("allow")).toBe("GET, POST, OPTIONS");
  });
});

describe("auth", () => {
  it("401 without a key, with a wrong key; X-Unsafe-API-Key is accepted", async () => {
    const path = emu.batchesPath();
    const missing = await fetch(`${emu.url}${path}`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ detail: "Authentication credentials were not provided." });
    const wrong = await emu.request("GET", path, undefined, {
      "X-API-Key": "AAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB",
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ detail: "Invalid API key." });
    const unsafe = await fetch(`${emu.url}${path}`, { headers: { "X-Unsafe-API-Key": emu.apiKey } });
    expect(unsafe.status).toBe(200);
  });

  it("admin calls need the key too", async () => {
    const res = await fetch(`${emu.url}/_emulator/journal`);
    expect(res.status).toBe(401);
  });

  it("generates a key shaped like a real one and accepts configured keys", async () => {
    expect(emu.apiKey).toMatch(/^[A-Za-z0-9]{8}\.[A-Za-z0-9]{32}$/);
    const keys = ["Key00001.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "Key00002.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"];
    const other = await startTestEmulator({ apiKeys: keys });
    try {
      expect(other.apiKey).toBe(keys[0]);
      const second = await other.request("GET", other.batchesPath(), undefined, {
        "X-API-Key": keys[1] as string,
      });
      expect(second.status).toBe(200);
    } finally {
      await other.close();
    }
  });
});

describe("agent scoping and ids", () => {
  it("a batch asked for under another agent is 404 Not found", async () => {
    const created = await emu.request("POST", emu.batchesPath(), { calls: outgoingCalls(1) });
    const otherAgent = newAgentId();
    for (const method of ["GET", "PATCH", "DELETE"]) {
      const body = method === "PATCH" ? { paused: true } : undefined;
      const res = await emu.request(method, `${emu.batchesPath(otherAgent)}/${created.body.batchId}`, body);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ detail: "Not found." });
    }
    expect((await emu.request("GET", emu.batchesPath(otherAgent))).body.total).toBe(0);
    expect((await emu.request("GET", emu.batchesPath())).body.total).toBe(1);
  });

  it("non-uuid agent or batch ids are 404", async () => {
    expect((await emu.request("GET", "/api/agents/not-a-uuid/scheduled_batches")).status).toBe(404);
    const upper = AGENT.toUpperCase();
    expect((await emu.request("GET", `/api/agents/${upper}/scheduled_batches`)).status).toBe(404);
    expect((await emu.request("GET", `${emu.batchesPath()}/123`)).body).toEqual({ detail: "Not found." });
    expect((await emu.request("GET", "/api/unknown")).status).toBe(404);
  });

  it("with an agent allow-list, other agents are 404", async () => {
    const allowed = newAgentId();
    const other = await startTestEmulator({ agents: [allowed] });
    try {
      expect((await other.request("GET", other.batchesPath(allowed))).status).toBe(200);
      const denied = await other.request("POST", other.batchesPath(newAgentId()), {
        calls: outgoingCalls(1),
      });
      expect(denied.status).toBe(404);
      expect(denied.body).toEqual({ detail: "Not found." });
    } finally {
      await other.close();
    }
  });
});

describe("agent endpoint", () => {
  it("GET /api/agents/{id} answers an Agent for an allowed agent, 404 for another, 405 for PUT", async () => {
    const allowed = newAgentId();
    const other = await startTestEmulator({ agents: [allowed] });
    try {
      const found = await other.request("GET", `/api/agents/${allowed}`);
      expect(found.status).toBe(200);
      expect(found.body).toMatchObject({
        agentId: allowed,
        publishedRevisionId: null,
        statistics: { calls: 0 },
      });
      expect(typeof found.body.created).toBe("string");
      const missing = await other.request("GET", `/api/agents/${newAgentId()}`);
      expect([missing.status, missing.body]).toEqual([404, { detail: "Not found." }]);
      expect((await other.request("PUT", `/api/agents/${allowed}`, {})).status).toBe(405);
      expect((await other.request("GET", "/api/agents/not-a-uuid")).status).toBe(404);
    } finally {
      await other.close();
    }
  });

  it("without an allow-list every agent exists", async () => {
    expect((await emu.request("GET", `/api/agents/${newAgentId()}`)).status).toBe(200);
  });
});

describe("pagination", () => {
  it("walks every page through absolute next URLs and back through previous", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 7; i++) {
      ids.push((await emu.request("POST", emu.batchesPath(), { calls: outgoingCalls(1) })).body.batchId);
    }
    const seen: string[] = [];
    let next: string | null = `${emu.url}${emu.batchesPath()}?pageSize=3`;
    const pages: string[] = [];
    while (next) {
      expect(next.startsWith(`${emu.url}/api/`)).toBe(true);
      const page = await emu.request("GET", next);
      expect(page.status).toBe(200);
      expect(page.body.total).toBe(7);
      seen.push(...page.body.results.map((batch) => batch.batchId));
      pages.push(next);
      next = page.body.next;
    }
    expect(seen).toEqual(ids);
    expect(pages).toHaveLength(3);
    const last = await emu.request("GET", pages[2] as string);
    expect(last.body.results).toHaveLength(1);
    expect(new URL(last.body.previous as string).searchParams.get("pageSize")).toBe("3");
    const back = await emu.request("GET", last.body.previous as string);
    expect(back.body.results.map((b) => b.batchId)).toEqual(ids.slice(3, 6));
    const first = await emu.request("GET", `${emu.batchesPath()}?pageSize=3`);
    expect(first.body.previous).toBeNull();
  });

  it("rejects a bad cursor with 404 Invalid cursor", async () => {
    const res = await emu.request("GET", `${emu.batchesPath()}?cursor=garbage`);
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ detail: "Invalid cursor" });
  });

  it("paginates scheduled calls keeping the status filter in next", async () => {
    const created = await emu.request("POST", emu.batchesPath(), { calls: outgoingCalls(5) });
    const base = `${emu.batchesPath()}/${created.body.batchId}/scheduled_calls`;
    const first = await emu.request("GET", `${base}?status=FUTURE&pageSize=2`);
    expect(first.body.total).toBe(5);
    expect(first.body.results).toHaveLength(2);
    const nextUrl = new URL(first.body.next as string);
    expect(nextUrl.searchParams.get("status")).toBe("FUTURE");
    expect(first.body.results[0]).toEqual({
      status: "FUTURE",
      batchId: created.body.batchId,
      callId: null,
      error: null,
      medium: outgoingSipCall(0).medium,
      metadata: null,
      templateContext: null,
      experimentalSettings: null,
    });
  });
});
