// The journal side of the checker: which exchanges it checks, and how it lists what is wrong.
import { describe, expect, it } from "vitest";
import { type JournalEntry, startEmulator } from "../../src/emulator";
import { AGENT, BATCH } from "../fixtures";
import { CheckedEmulatorAdmin, trafficViolations } from "./traffic-check";

const PATH = `/api/agents/${AGENT}/scheduled_batches`;

function entry(overrides: Partial<JournalEntry>, answerBody: unknown): JournalEntry {
  return {
    seq: 7,
    time: "2026-12-01T07:00:00.000Z",
    method: "POST",
    path: PATH,
    query: {},
    body: { calls: [{}] },
    status: 201,
    dropped: false,
    fault: null,
    exchange: { requestContentType: "application/json", requestBodyBytes: 14, answerBody },
    ...overrides,
  };
}

const terse = { batchId: BATCH };

describe("trafficViolations", () => {
  it("lists each exchange that does not match, with its sequence number and each problem", () => {
    expect(trafficViolations([entry({}, terse)], { requests: "all" })).toEqual([
      [
        `#7 POST ${PATH} -> 201`,
        "    answer: 201 answer must have required property 'completedCount'",
        "    answer: 201 answer must have required property 'created'",
        "    answer: 201 answer must have required property 'endedAt'",
        "    answer: 201 answer must have required property 'totalCount'",
      ].join("\n"),
    ]);
  });

  it("checks requests only when asked to", () => {
    const sent = entry({ body: { calls: [], batchId: BATCH }, status: 400 }, { calls: ["Too few."] });
    expect(trafficViolations([sent], { requests: "answers-only" })).toEqual([]);
    expect(trafficViolations([sent], { requests: "all" })).toHaveLength(1);
  });

  it("checks an injected status fault's answer, but not an answer a fault reshaped on purpose", () => {
    const proxy503 = entry({ status: 503, fault: "503-processed" }, { error: "bad gateway" });
    expect(trafficViolations([proxy503], { requests: "all" })).toHaveLength(1);
    expect(trafficViolations([entry({ fault: "only-id" }, terse)], { requests: "all" })).toEqual([]);
  });

  it("refuses a journal kept without exchanges rather than passing it", () => {
    const { exchange: _, ...bare } = entry({}, terse);
    expect(() => trafficViolations([bare], { requests: "all" })).toThrow(/journalExchanges: true/);
  });
});

describe("CheckedEmulatorAdmin", () => {
  it("checks the journal before a test empties it, so nothing sent before escapes the check", async () => {
    const emulator = await startEmulator({ clock: "manual", journalExchanges: true });
    try {
      const admin = new CheckedEmulatorAdmin(emulator, { requests: "all" });
      const sent = await admin.request("POST", PATH, {
        calls: [{}],
        webhookUrl: "https://h.example.com/x",
        paused: false,
      });
      expect(sent.status).toBe(201);
      await admin.clearJournal();
      await admin.request("POST", PATH, {
        calls: [{ status: "SUCCESS" }],
        webhookUrl: "https://h.example.com/x",
      });
      await expect(admin.clearJournal()).rejects.toThrow("request body/calls/0/status is readOnly");
      await expect(admin.request("POST", "/_emulator/reset")).rejects.toThrow("1 exchange(s) do not match");
    } finally {
      await emulator.close();
    }
  });

  it("checks call throttle exchanges both ways: a full lifecycle passes, a read-only key sent fails", async () => {
    const emulator = await startEmulator({ clock: "manual", journalExchanges: true });
    try {
      const admin = new CheckedEmulatorAdmin(emulator, { requests: "all" });
      const created = await admin.request("POST", "/api/call_throttles", {
        name: "gentle",
        rules: [{ maxCalls: 5, windowSeconds: 60 }],
      });
      const path = `/api/call_throttles/${(created.json as { throttleId: string }).throttleId}`;
      await admin.request("GET", "/api/call_throttles?pageSize=1");
      await admin.request("PUT", path, { name: "brisk", rules: [] });
      await admin.request("PATCH", path, { rules: [{ maxCalls: 1, windowSeconds: 1 }] });
      await admin.request("GET", path);
      await admin.request("DELETE", path);
      await admin.clearJournal();
      await admin.request("POST", "/api/call_throttles", { name: "x", rules: [], throttleId: BATCH });
      await expect(admin.clearJournal()).rejects.toThrow("request body/throttleId is readOnly");
    } finally {
      await emulator.close();
    }
  });
});
