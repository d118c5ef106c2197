// The agent endpoints: create, list, get, partial update, delete (with its batches), the defaults
// the service fills in, validation, the `--agent` allow-list beside agents made here, persistence.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { newAgentId, outgoingCalls, startTestEmulator, type TestEmulator } from "./helpers";

let emu: TestEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu.close());
beforeEach(async () => {
  expect((await emu.request("POST", "/_emulator/reset")).status).toBe(204);
});

const AGENTS = "/api/agents";
const SUPPORT = { name: "support", callTemplate: { systemPrompt: "Hi {{customerName}}.", voice: "Mark" } };

async function createAgent(body: unknown = SUPPORT) {
  const created = await emu.request("POST", AGENTS, body);
  expect(created.status).toBe(201);
  return created.body;
}

describe("agent endpoints", () => {
  it("creates an agent: 201, the documented keys, the template with the service's defaults filled in", async () => {
    const created = await createAgent({ ...SUPPORT, agentId: "ignored" });
    expect(Object.keys(created)).toEqual([
      "agentId",
      "publishedRevisionId",
      "name",
      "created",
      "callTemplate",
      "statistics",
    ]);
    expect(created.agentId).not.toBe("ignored");
    expect(created.callTemplate).toMatchObject({
      ...SUPPORT.callTemplate,
      model: expect.any(String),
      joinTimeout: "30s",
      maxDuration: "3600s",
      created: created.created,
    });
    expect(created.publishedRevisionId).toEqual(expect.any(String));
  });

  it("gets, lists, patches (a new template replaces the old one) and deletes an agent", async () => {
    const created = await createAgent();
    const path = `${AGENTS}/${created.agentId}`;
    expect((await emu.request("GET", path)).body).toEqual(created);
    expect((await emu.request("GET", AGENTS)).body.results).toEqual([created]);

    const renamed = await emu.request("PATCH", path, { name: "support-2" });
    expect(renamed.body).toMatchObject({ name: "support-2", callTemplate: created.callTemplate });
    expect(renamed.body.publishedRevisionId).not.toBe(created.publishedRevisionId);

    const patched = await emu.request("PATCH", path, { callTemplate: { systemPrompt: "New." } });
    expect(patched.status).toBe(200);
    // The docs do not say merge or replace: the emulator replaces (voice is gone, defaults refilled).
    expect(patched.body.callTemplate).not.toHaveProperty("voice");
    expect(patched.body.callTemplate).toMatchObject({ systemPrompt: "New.", joinTimeout: "30s" });

    expect((await emu.request("DELETE", path)).status).toBe(204);
    expect((await emu.request("GET", path)).status).toBe(404);
    expect((await emu.request("PATCH", path, { name: "x" })).status).toBe(404);
    expect((await emu.request("GET", AGENTS)).body.results).toEqual([]);
  });

  it("deleting an agent deletes its batches (the docs are silent; its calls are never placed)", async () => {
    const agentId = String((await createAgent()).agentId);
    const batch = await emu.request("POST", emu.batchesPath(agentId), { calls: outgoingCalls(2) });
    expect(batch.status).toBe(201);
    expect((await emu.request("GET", `${AGENTS}/${agentId}`)).body.statistics).toEqual({ calls: 1 });
    expect((await emu.request("DELETE", `${AGENTS}/${agentId}`)).status).toBe(204);
    expect((await emu.request("GET", emu.batchesPath(agentId))).status).toBe(404);
    expect((await emu.request("GET", `${emu.batchesPath(agentId)}/${batch.body.batchId}`)).status).toBe(404);
  });

  it("rejects a bad body with DRF-style errors, storing nothing", async () => {
    const bad = await emu.request("POST", AGENTS, {
      name: "n".repeat(65),
      callTemplate: { temperature: 2, joinTimeout: "30", sytemPrompt: "x" },
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body)).toEqual(["name", "callTemplate"]);
    expect((bad.body.callTemplate as string[]).join(" ")).toMatch(
      /sytemPrompt.*joinTimeout|joinTimeout.*sytemPrompt/s,
    );
    expect((await emu.request("GET", AGENTS)).body.results).toEqual([]);
  });

  it("with an allow-list, agents made here and allowed ones exist; a deleted allowed one is gone", async () => {
    const allowed = newAgentId();
    const other = await startTestEmulator({ agents: [allowed] });
    try {
      const made = await other.request("POST", AGENTS, SUPPORT);
      expect((await other.request("GET", other.batchesPath(String(made.body.agentId)))).status).toBe(200);
      expect((await other.request("GET", other.batchesPath(allowed))).status).toBe(200);
      expect((await other.request("GET", `${AGENTS}/${newAgentId()}`)).status).toBe(404);
      const listed = (await other.request("GET", AGENTS)).body.results.map((a) => a.agentId);
      expect(listed).toEqual([made.body.agentId, allowed]);
      expect((await other.request("DELETE", `${AGENTS}/${allowed}`)).status).toBe(204);
      expect((await other.request("GET", `${AGENTS}/${allowed}`)).status).toBe(404);
      expect((await other.request("GET", other.batchesPath(allowed))).status).toBe(404);
    } finally {
      await other.close();
    }
  });

  it("agents, and which ids are deleted, survive a restart with a state file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "emu-agents-"));
    const stateFile = join(dir, "state.json");
    try {
      const first = await startTestEmulator({ stateFile });
      const made = (await first.request("POST", AGENTS, SUPPORT)).body;
      const gone = newAgentId();
      expect((await first.request("DELETE", `${AGENTS}/${gone}`)).status).toBe(204);
      await first.close();
      const second = await startTestEmulator({ stateFile, apiKeys: [first.apiKey] });
      expect((await second.request("GET", `${AGENTS}/${made.agentId}`)).body).toEqual(made);
      expect((await second.request("GET", `${AGENTS}/${gone}`)).status).toBe(404);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
