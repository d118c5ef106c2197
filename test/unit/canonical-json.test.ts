import { describe, expect, it } from "vitest";
import { canonicalJson } from "../../src/json/canonical";

/** canonicalJson: keys sorted at every depth, however they arrive (sorted already or not). */
describe("canonical JSON", () => {
  it("sorts keys that arrive unsorted, sorted, or in code-unit order traps, at every depth", () => {
    const value = { b: 1, a: { z: [{ y: 1, x: 2 }], Z: 3, é: 4, e: 5 }, "10": 0, "9": 0, A: undefined };
    const canonical = canonicalJson(value);
    expect(JSON.stringify(canonical)).toBe(
      JSON.stringify({ "10": 0, "9": 0, a: { Z: 3, e: 5, z: [{ x: 2, y: 1 }], é: 4 }, b: 1 }),
    );
    // Already canonical: the same text, and a copy (callers may change it).
    const again = canonicalJson(canonical);
    expect(JSON.stringify(again)).toBe(JSON.stringify(canonical));
    expect(again).not.toBe(canonical);
  });
});
