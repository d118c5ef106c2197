import { describe, expect, it } from "vitest";
import {
  decodeFingerprints,
  encodeFingerprints,
  fingerprintOf,
  fingerprintsOf,
  newFingerprintKey,
} from "../../../src/files/call-fingerprints";
import { describeFileChange, fileChange } from "../../../src/files/file-review";

const call = (to: string) => ({ medium: { twilio: { outgoing: { to, from: "+14155550100" } } } });
const numbers = (n: number) => Array.from({ length: n }, (_, i) => `+1415${String(5_000_000 + i)}`);

describe("call fingerprints", () => {
  it("round-trip through their Rice coding", () => {
    const key = newFingerprintKey();
    const prints = fingerprintsOf(numbers(5000).map(call), key);
    expect(decodeFingerprints(encodeFingerprints(prints))).toEqual(prints);
    expect(decodeFingerprints(encodeFingerprints([]))).toEqual([]);
  });

  it("are keyed: another key gives other fingerprints", () => {
    expect(fingerprintOf(call("+14155550123"), newFingerprintKey())).not.toBe(
      fingerprintOf(call("+14155550123"), newFingerprintKey()),
    );
  });

  it("cost under 12 bits a call at 100,000 calls, and hold no number", () => {
    const encoded = encodeFingerprints(fingerprintsOf(numbers(100_000).map(call), newFingerprintKey()));
    expect(encoded.length).toBeLessThan((100_000 * 12) / 6);
    expect(encoded).not.toContain("4155");
  });
});

describe("file review", () => {
  it("names the added call masked and counts the removed one", () => {
    const key = newFingerprintKey();
    const old = numbers(20);
    const changed = [...old];
    changed[5] = "+14155559876";
    const entries = changed.map((to, i) => ({ where: `c.csv:${i + 2}`, call: call(to) }));
    const change = fileChange(entries, fingerprintsOf(old.map(call), key), key, 20);
    expect(change.added.map((e) => e.where)).toEqual(["c.csv:7"]);
    expect(change.removed).toBe(1);
    const line = describeFileChange("c.csv", change);
    expect(line).toContain("20 calls (was 20)");
    expect(line).toContain("c.csv:7 (+1 415 ***-9876)");
    expect(line).not.toContain("4155559876");
  });
});
