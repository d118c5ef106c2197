import { describe, expect, it } from "vitest";
import { batch } from "../../../src/batch/definition";
import { checkArgs } from "../../../src/fields/check";
import { AGENT } from "../../fixtures";
import { outgoing, webhook } from "./inputs";

describe("check of a batch: canonical form", () => {
  it("spells timestamps in UTC with Z, keeping a non-zero fraction", () => {
    const { inputs, failures } = checkArgs(
      batch,
      outgoing({ windowStart: "2026-12-01T09:00:00+02:00", windowEnd: "2026-12-01T09:00:00.25+02:00" }),
    );
    expect(failures).toEqual([]);
    expect(inputs.windowStart).toBe("2026-12-01T07:00:00Z");
    expect(inputs.windowEnd).toBe("2026-12-01T07:00:00.250Z");
  });

  it.each([
    ["2026-12-01T07:00:00.000Z", "2026-12-01T07:00:00Z"],
    ["2026-12-01T07:00:00.123456Z", "2026-12-01T07:00:00.123456Z"],
    ["2026-12-01T07:00:00.1234500Z", "2026-12-01T07:00:00.12345Z"],
    ["2026-01-01T01:30:00+05:30", "2025-12-31T20:00:00Z"],
    ["2026-12-31T23:00:00-02:00", "2027-01-01T01:00:00Z"],
  ])("%s becomes %s", (given, canonical) => {
    expect(checkArgs(batch, outgoing({ windowStart: given })).inputs.windowStart).toBe(canonical);
  });

  it("sorts keys at every depth, so key order never matters", () => {
    const a = checkArgs(
      batch,
      webhook({ calls: [{ templateContext: { b: 1, a: { d: 1, c: 2 } }, medium: { webRtc: {} } }] }),
    ).inputs;
    const b = checkArgs(batch, {
      webhookUrl: "https://example.com/hook",
      calls: [{ medium: { webRtc: {} }, templateContext: { a: { c: 2, d: 1 }, b: 1 } }],
      agentId: AGENT,
    }).inputs;
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(Object.keys(a)).toEqual(["agentId", "calls", "webhookUrl"]);
  });

  it("keeps the order of calls", () => {
    const calls = [{ metadata: { n: "2" } }, { metadata: { n: "1" } }];
    expect(checkArgs(batch, webhook({ calls })).inputs.calls).toEqual(calls);
  });

  it("drops null windows, undefined values and __-prefixed keys", () => {
    const { inputs, failures } = checkArgs(
      batch,
      outgoing({
        __provider: "exports.handler = ...",
        __other: 1,
        windowStart: null,
        windowEnd: null,
        throttle: undefined,
      }),
    );
    expect(failures).toEqual([]);
    expect(inputs).toEqual(outgoing());
    expect(Object.keys(inputs)).toEqual(["agentId", "calls"]);
  });

  it("drops undefined values inside calls", () => {
    const { inputs } = checkArgs(
      batch,
      webhook({ calls: [{ medium: { webRtc: {} }, metadata: undefined }] }),
    );
    expect(inputs.calls).toEqual([{ medium: { webRtc: {} } }]);
  });

  it("returns best-effort inputs even with failures", () => {
    const { inputs, failures } = checkArgs(batch, outgoing({ paused: "yes", __provider: "x" }));
    expect(failures).toHaveLength(1);
    expect(inputs.paused).toBe("yes");
    expect(inputs.__provider).toBeUndefined();
  });
});
