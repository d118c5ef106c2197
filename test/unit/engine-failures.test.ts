import { describe, expect, it } from "vitest";
import { failuresForEngine } from "../../src/engine-failures";
import { parsePath } from "../../src/paths";

describe("failuresForEngine", () => {
  const inputs = {
    windowEnd: "soon",
    calls: [
      { metadata: { "a.b": 7 } },
      { medium: { sip: { outgoing: { to: "sip:x@example.com", password: 'hunter2 "quoted"' } } } },
      { templateContext: { long: "x".repeat(500) } },
    ],
  };

  it("keeps a top-level failure for the engine to print with its value", () => {
    const failure = { property: "windowEnd", reason: "must be a date" };
    expect(failuresForEngine([failure], inputs)).toEqual([failure]);
  });

  it("moves a nested path and its value into the reason, shortening long values", () => {
    const [metadata, long] = failuresForEngine(
      [
        { property: 'calls[0].metadata["a.b"]', reason: "must be a string" },
        { property: "calls[2].templateContext.long", reason: "too long" },
      ],
      inputs,
    );
    expect(metadata).toEqual({
      property: "",
      reason: 'calls[0].metadata["a.b"] (value 7): must be a string',
    });
    expect(long!.reason).toMatch(/^calls\[2\]\.templateContext\.long \(value "x{20,}…\): too long$/);
    expect(long!.reason.length).toBeLessThan(140);
  });

  it("never shows a password", () => {
    const [failure] = failuresForEngine(
      [{ property: "calls[1].medium.sip.outgoing.password", reason: "bad" }],
      inputs,
    );
    expect(failure!.reason).toBe("calls[1].medium.sip.outgoing.password (value [secret]): bad");
    expect(failure!.reason).not.toContain("hunter2");
  });

  it("shows no value for a property that is missing", () => {
    const [failure] = failuresForEngine([{ property: "calls[0].medium", reason: "is required" }], inputs);
    expect(failure).toEqual({ property: "", reason: "calls[0].medium: is required" });
  });

  it("parsePath reads what formatPath writes", () => {
    expect(parsePath('calls[3].metadata["ultravox.source"].x')).toEqual([
      "calls",
      3,
      "metadata",
      "ultravox.source",
      "x",
    ]);
  });
});
