import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { outgoingCalls, outgoingSipCall, startTestEmulator, THROTTLES } from "./helpers";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempStateFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "ultravox-emulator-"));
  dirs.push(dir);
  return join(dir, "state.json");
}

describe("state file", () => {
  it("survives a restart: batches, call statuses, clock and options; not faults or the journal", async () => {
    const stateFile = tempStateFile();
    const first = await startTestEmulator({ stateFile });
    const calls = [outgoingSipCall(1, { metadata: { a: "b" } }), ...outgoingCalls(3)];
    await first.request("POST", THROTTLES, { name: "x", rules: [{ maxCalls: 100, windowSeconds: 1 }] });
    const created = await first.request("POST", first.batchesPath(), { calls, throttle: "x" });
    const path = `${first.batchesPath()}/${created.body.batchId}`;
    await first.request("POST", "/_emulator/clock/advance", { seconds: 2 });
    await first.request("PATCH", "/_emulator/options", { patchCalls: "replace" });
    const before = (await first.request("GET", path)).body;
    const itemsBefore = (await first.request("GET", `${path}/scheduled_calls`)).body.results;
    const clockBefore = (await first.request("GET", "/_emulator/clock")).body.now;
    expect(before.completedCount).toBe(2);
    await first.request("POST", "/_emulator/faults", { kind: "status", status: 500, count: 3 });
    expect(existsSync(stateFile)).toBe(true);
    // Only the state file remains: the temp file was renamed into place.
    expect(readdirSync(join(stateFile, ".."))).toEqual(["state.json"]);
    await first.close();

    const second = await startTestEmulator({ stateFile, apiKeys: [first.apiKey] });
    try {
      expect((await second.request("GET", "/_emulator/clock")).body.now).toBe(clockBefore);
      expect((await second.request("GET", "/_emulator/faults")).body.faults).toEqual([]);
      expect((await second.request("GET", path)).body).toEqual(before);
      expect((await second.request("GET", `${path}/scheduled_calls`)).body.results).toEqual(itemsBefore);
      expect((await second.request("GET", "/_emulator/options")).body.patchCalls).toBe("replace");
      const agent = second.batchesPath().split("/")[3];
      const stored = await second.request(
        "GET",
        `/_emulator/agents/${agent}/batches/${created.body.batchId}/calls`,
      );
      expect(stored.body.calls).toEqual(calls);
      // The scheduler continues where it stopped.
      await second.request("POST", "/_emulator/clock/advance", { seconds: 5 });
      expect((await second.request("GET", path)).body.completedCount).toBe(4);
      // The journal only holds requests made to this process.
      const journal = (await second.request("GET", "/_emulator/journal")).body.entries;
      expect(journal.every((entry) => entry.method === "GET")).toBe(true);
    } finally {
      await second.close();
    }
  });

  it("writes after each mutation, and a deletion is persisted", async () => {
    const stateFile = tempStateFile();
    const emu = await startTestEmulator({ stateFile });
    try {
      const created = await emu.request("POST", emu.batchesPath(), { calls: outgoingCalls(1) });
      const saved = JSON.parse(readFileSync(stateFile, "utf8")) as { batches: Array<{ batchId: string }> };
      expect(saved.batches.map((batch) => batch.batchId)).toEqual([created.body.batchId]);
      await emu.request("DELETE", `${emu.batchesPath()}/${created.body.batchId}`);
      const afterDelete = JSON.parse(readFileSync(stateFile, "utf8")) as { batches: unknown[] };
      expect(afterDelete.batches).toEqual([]);
    } finally {
      await emu.close();
    }
  });

  it("explicit options win over persisted ones", async () => {
    const stateFile = tempStateFile();
    const first = await startTestEmulator({ stateFile, minWindowSeconds: 120 });
    await first.close();
    const second = await startTestEmulator({ stateFile, minWindowSeconds: 30 });
    try {
      expect((await second.request("GET", "/_emulator/options")).body.minWindowSeconds).toBe(30);
    } finally {
      await second.close();
    }
    const third = await startTestEmulator({ stateFile });
    try {
      expect((await third.request("GET", "/_emulator/options")).body.minWindowSeconds).toBe(30);
    } finally {
      await third.close();
    }
  });
});
