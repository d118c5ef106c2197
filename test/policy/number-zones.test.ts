import { timezones } from "libphonenumber-geo-carrier";
import { parsePhoneNumberFromString } from "libphonenumber-js";
import { describe, expect, it } from "vitest";
import { zonesOfNumber } from "../../examples/guardrails-policy/rules/number-zones";

const SAMPLE = [
  "+14155550123", // San Francisco
  "+12125550123", // New York
  "+13075550123", // Wyoming
  "+18005550123", // toll free: all of North America
  "+442071234567", // London
  "+61212345678", // Sydney
  "+5511987654321", // São Paulo
  "+79161234567", // Moscow mobile
  "+918012345678", // India
  "+34912345678", // Madrid
];

describe("the time zones of a phone number", () => {
  it("agrees with libphonenumber-geo-carrier's own timezones() on a sample", async () => {
    for (const number of SAMPLE) {
      const expected = (await timezones(parsePhoneNumberFromString(number))) ?? [];
      expect(zonesOfNumber(number), number).toEqual(expected.filter((zone) => zone !== "Etc/Unknown"));
    }
  });

  it("finds one zone for a number tied to a place", () => {
    expect(zonesOfNumber("+14155550123")).toEqual(["America/Los_Angeles"]);
    expect(zonesOfNumber("+442071234567")).toEqual(["Europe/London"]);
  });

  it("finds every zone a number not tied to a place may ring in", () => {
    const zones = zonesOfNumber("+18005550123");
    expect(zones).toEqual(
      expect.arrayContaining(["America/New_York", "America/Los_Angeles", "Pacific/Honolulu"]),
    );
    expect(zones.length).toBeGreaterThan(10);
  });

  it("finds no zone for a number that is not a possible phone number", () => {
    expect(zonesOfNumber("+999123456")).toEqual([]);
    expect(zonesOfNumber("+1415")).toEqual([]);
  });
});
