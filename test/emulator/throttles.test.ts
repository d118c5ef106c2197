// The call throttle endpoints: CRUD, pagination, validation bodies, and the same auth, rate limit,
// faults, journal and persistence as the batch endpoints.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestEmulator, type TestEmulator, THROTTLE_KEYS, THROTTLES } from "./helpers";

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.close());
beforeEach(async () => {
  expect((await emu.request("POST", "/_emulator/reset")).status).toBe(204);
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const gentle = { name: "gentle", rules: [{ maxCalls: 2, windowSeconds: 60 }] };

async function createThrottle(body: unknown = gentle) {
  const created = await emu.request("POST", THROTTLES, body);
  expect(created.status).toBe(201);
  return created.body;
}

describe("call throttle endpoints", () => {
  it("creates a throttle: 201, exactly the documented keys, a server id and the emulator's now", async () => {
    const created = await emu.request("POST", THROTTLES, { ...gentle, throttleId: "ignored", created: "x" });
    expect(created.status).toBe(201);
    expect(Object.keys(created.body)).toEqual(THROTTLE_KEYS);
    expect(created.body.throttleId).toMatch(UUID);
    expect(created.body).toMatchObject(gentle);
    expect(created.body.created).toBe((await emu.request("GET", "/_emulator/clock")).body.now);
  });

  it("gets, replaces (PUT), patches and deletes a throttle", async () => {
    const created = await createThrottle();
    const path = `${THROTTLES}/${created.throttleId}`;
    expect((await emu.request("GET", path)).body).toEqual(created);

    const replaced = await emu.request("PUT", path, {
      name: "brisk",
      rules: [{ maxCalls: 100, windowSeconds: 1 }],
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toEqual({
      ...created,
      name: "brisk",
      rules: [{ maxCalls: 100, windowSeconds: 1 }],
    });

    const patched = await emu.request("PATCH", path, { rules: [] });
    expect(patched.status).toBe(200);
    expect(patched.body).toEqual({ ...created, name: "brisk", rules: [] });
    expect((await emu.request("PATCH", path, {})).body).toEqual(patched.body);

    const deleted = await emu.request("DELETE", path);
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeNull();
    expect(await emu.request("GET", path)).toMatchObject({ status: 404, body: { detail: "Not found." } });
    expect((await emu.request("DELETE", path)).status).toBe(404);
    expect((await emu.request("PATCH", path, { name: "x" })).status).toBe(404);
  });

  it("PUT is a full replace: it needs both name and rules", async () => {
    const { throttleId } = await createThrottle();
    const res = await emu.request("PUT", `${THROTTLES}/${throttleId}`, { name: "only-a-name" });
    expect(res).toMatchObject({ status: 400, body: { rules: ["This field is required."] } });
    expect((await emu.request("GET", `${THROTTLES}/${throttleId}`)).body.name).toBe("gentle");
  });

  it("lists throttles in creation order, paginated like batches", async () => {
    for (const n of [1, 2, 3]) await createThrottle({ name: `t${n}`, rules: [] });
    const first = await emu.request("GET", `${THROTTLES}?pageSize=2`);
    expect(first.status).toBe(200);
    expect(first.body.results.map((t) => t.name)).toEqual(["t1", "t2"]);
    expect(first.body).toMatchObject({ total: 3, previous: null });
    const second = await emu.request("GET", first.body.next as string);
    expect(second.body.results.map((t) => t.name)).toEqual(["t3"]);
    expect(second.body).toMatchObject({ total: 3, next: null });
    expect(new URL(second.body.previous as string).searchParams.get("pageSize")).toBe("2");
    expect((await emu.request("GET", `${THROTTLES}?cursor=bad`)).status).toBe(404);
  });

  it("404 for a non-uuid id, 405 with Allow for a method a route does not have", async () => {
    expect((await emu.request("GET", `${THROTTLES}/gentle`)).status).toBe(404);
    const collection = await emu.request("PUT", THROTTLES, gentle);
    expect(collection.status).toBe(405);
    expect(collection.headers.get("allow")).toBe("GET, POST, OPTIONS");
    const { throttleId } = await createThrottle();
    const item = await emu.request("POST", `${THROTTLES}/${throttleId}`, gentle);
    expect(item).toMatchObject({ status: 405, body: { detail: 'Method "POST" not allowed.' } });
    expect(item.headers.get("allow")).toBe("GET, PUT, PATCH, DELETE, OPTIONS");
  });

  it("needs the API key", async () => {
    const res = await emu.request("GET", THROTTLES, undefined, { "X-API-Key": "" });
    expect(res).toMatchObject({
      status: 401,
      body: { detail: "Authentication credentials were not provided." },
    });
  });
});

describe("call throttle validation: DRF-style bodies, nothing stored", () => {
  const rule = { maxCalls: 1, windowSeconds: 1 };
  const cases: Array<[string, unknown, unknown]> = [
    ["empty body", {}, { name: ["This field is required."], rules: ["This field is required."] }],
    ["body is a list", [], { non_field_errors: ["Invalid data. Expected a dictionary, but got list."] }],
    [
      "name too long",
      { name: "n".repeat(65), rules: [] },
      { name: ["Ensure this field has no more than 64 characters."] },
    ],
    ["name blank", { name: "  ", rules: [] }, { name: ["This field may not be blank."] }],
    ["name null", { name: null, rules: [] }, { name: ["This field may not be null."] }],
    ["name not text", { name: 7, rules: [] }, { name: ["Not a valid string."] }],
    ["rules null", { name: "a", rules: null }, { rules: ["This field may not be null."] }],
    [
      "rules not a list",
      { name: "a", rules: rule },
      { rules: ['Expected a list of items but got type "dict".'] },
    ],
    [
      "a rule out of range, aligned with the items",
      { name: "a", rules: [rule, { maxCalls: 101, windowSeconds: 0 }] },
      {
        rules: [
          {},
          {
            maxCalls: ["Ensure this value is less than or equal to 100."],
            windowSeconds: ["Ensure this value is greater than or equal to 1."],
          },
        ],
      },
    ],
    [
      "a rule with missing, fractional and text values",
      { name: "a", rules: [{ maxCalls: 1.5 }, { maxCalls: "5", windowSeconds: 86401 }, "r"] },
      {
        rules: [
          { maxCalls: ["A valid integer is required."], windowSeconds: ["This field is required."] },
          {
            maxCalls: ["A valid integer is required."],
            windowSeconds: ["Ensure this value is less than or equal to 86400."],
          },
          { non_field_errors: ["Invalid data. Expected a dictionary, but got str."] },
        ],
      },
    ],
  ];
  it.each(cases)("%s", async (_name, body, errors) => {
    const res = await emu.request("POST", THROTTLES, body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual(errors);
    expect((await emu.request("GET", THROTTLES)).body.total).toBe(0);
  });

  it("accepts the limits themselves and trims the name, as DRF's CharField does", async () => {
    const rules = [
      { maxCalls: 1, windowSeconds: 1 },
      { maxCalls: 100, windowSeconds: 86400 },
    ];
    const created = await createThrottle({ name: ` ${"n".repeat(64)} `, rules });
    expect(created).toMatchObject({ name: "n".repeat(64), rules });
  });

  it("names are unique in the account (a batch names a throttle by name or id)", async () => {
    const first = await createThrottle();
    const taken = { name: ["call throttle with this name already exists."] };
    expect(await emu.request("POST", THROTTLES, gentle)).toMatchObject({ status: 400, body: taken });
    const other = await createThrottle({ name: "other", rules: [] });
    const path = `${THROTTLES}/${other.throttleId}`;
    expect(await emu.request("PATCH", path, { name: "gentle" })).toMatchObject({ status: 400, body: taken });
    // Keeping its own name is no clash.
    expect((await emu.request("PUT", `${THROTTLES}/${first.throttleId}`, gentle)).status).toBe(200);
  });

  it("PATCH validates what it is given, and changes nothing when any of it is wrong", async () => {
    const { throttleId } = await createThrottle();
    const path = `${THROTTLES}/${throttleId}`;
    const res = await emu.request("PATCH", path, { name: "ok", rules: [{ maxCalls: 0, windowSeconds: 5 }] });
    expect(res).toMatchObject({
      status: 400,
      body: { rules: [{ maxCalls: ["Ensure this value is greater than or equal to 1."] }] },
    });
    expect((await emu.request("GET", path)).body).toMatchObject(gentle);
  });
});

describe("call throttles share the batch endpoints' machinery", () => {
  it("rate limit, journal and faults apply to the throttle routes", async () => {
    await emu.request("POST", "/_emulator/faults", {
      kind: "status",
      status: 503,
      path: "^/api/call_throttles",
    });
    const faulted = await emu.request("POST", THROTTLES, gentle);
    expect(faulted.status).toBe(503);
    expect((await emu.request("GET", THROTTLES)).body.total).toBe(0);

    await emu.request("POST", "/_emulator/faults", { kind: "only-id", method: "POST" });
    const terse = await emu.request("POST", THROTTLES, gentle);
    expect(terse.status).toBe(201);
    expect(Object.keys(terse.body)).toEqual(["throttleId"]);

    await emu.request("PUT", "/_emulator/rate-limit", { requestsPerSecond: 1 });
    const [, second] = [await emu.request("GET", THROTTLES), await emu.request("GET", THROTTLES)];
    expect(second.status).toBe(429);
    await emu.request("PUT", "/_emulator/rate-limit", { requestsPerSecond: null });

    const journal = (await emu.request("GET", "/_emulator/journal")).body.entries;
    expect(journal.map((e) => [e.method, e.path, e.status, e.fault])).toEqual([
      ["POST", THROTTLES, 503, "503"],
      ["GET", THROTTLES, 200, null],
      ["POST", THROTTLES, 201, "only-id"],
      ["GET", THROTTLES, 200, null],
      ["GET", THROTTLES, 429, "rate-limit"],
    ]);
  });

  it("the dashboard's edit (admin route) changes a throttle without a journal entry", async () => {
    const { throttleId } = await createThrottle();
    await emu.request("DELETE", "/_emulator/journal");
    const edited = await emu.request("PATCH", `/_emulator/call_throttles/${throttleId}`, { name: "console" });
    expect(edited.status).toBe(200);
    expect((await emu.request("GET", `/_emulator/call_throttles/${throttleId}`)).body).toMatchObject({
      name: "console",
      rules: gentle.rules,
      placedCalls: [],
    });
    const bad = await emu.request("PATCH", `/_emulator/call_throttles/${throttleId}`, { rules: "x" });
    expect(bad).toMatchObject({
      status: 400,
      body: { rules: ['Expected a list of items but got type "str".'] },
    });
    expect((await emu.request("GET", "/_emulator/journal")).body.entries).toEqual([]);
    expect((await emu.request("GET", `${THROTTLES}/${throttleId}`)).body.name).toBe("console");
  });

  it("throttles survive a restart with the state file, and reset clears them", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ultravox-emulator-"));
    try {
      const stateFile = join(dir, "state.json");
      const first = await startTestEmulator({ stateFile });
      const created = (await first.request("POST", THROTTLES, gentle)).body;
      await first.close();
      const second = await startTestEmulator({ stateFile, apiKeys: [first.apiKey] });
      try {
        expect((await second.request("GET", THROTTLES)).body.results).toEqual([created]);
        await second.request("POST", "/_emulator/reset");
        expect((await second.request("GET", THROTTLES)).body.total).toBe(0);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
