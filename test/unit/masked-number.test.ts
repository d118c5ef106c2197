import { describe, expect, it } from "vitest";
import { maskNumber } from "../../src/privacy/masked-number";

describe("maskNumber", () => {
  it("keeps the country code, first group and last four digits", () => {
    expect(maskNumber("+14155550123")).toBe("+1 415 ***-0123");
    expect(maskNumber("+447911123456")).toBe("+44 7911 ***-3456");
  });

  it("never shows more than a few digits of text that is not a number", () => {
    const masked = maskNumber("+1 555 01234567890123");
    expect(masked).not.toContain("0123456789");
    expect(maskNumber("12")).toBe("***");
    expect(maskNumber("0612345678")).toBe("06***78");
  });

  it("hides the middle of every possible number", () => {
    for (const raw of ["+14155550123", "+33612345678", "+819012345678", "+4915112345678"]) {
      const digits = maskNumber(raw).replace(/\D/g, "");
      expect(digits.length).toBeLessThan(raw.replace(/\D/g, "").length - 2);
    }
  });
});
