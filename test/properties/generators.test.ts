/**
 * The generators are as wide as they claim (`fc.statistics` over 1,000 values each, written to
 * `.tmp/property-stats/generators.json` for docs/development.md): every medium, all the published
 * data-message flags, phone numbers of many countries, unicode, call lists long enough for several
 * pages, every latitude and every kind of fault. A generator narrowed by mistake fails here.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fc } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { callMediumSchema } from "../../src/batch/schema";
import { DATA_MESSAGE_FLAGS } from "./field-table";
import { faultSchedule, latitude, PHONE_EXAMPLES, type Program, program } from "./generators";

const NUM_RUNS = 1000;
const NON_ASCII = /[^\x20-\x7e]/;
const stats: Record<string, Record<string, number>> = {};

/** fc.statistics of `arbitrary`, as label -> share of values (%), kept for the docs. */
function statistics<T>(name: string, arbitrary: fc.Arbitrary<T>, classify: (value: T) => string[]) {
  const shares: Record<string, number> = {};
  fc.statistics(arbitrary, (value) => [...new Set(classify(value))], {
    numRuns: NUM_RUNS,
    logger: (line) => {
      const match = /^(.*?)\.{2,}\s*([\d.]+)%$/.exec(line.trim());
      if (match) shares[match[1]!.trim()] = Number(match[2]);
    },
  });
  stats[name] = shares;
  const dir = join(__dirname, "..", "..", ".tmp", "property-stats");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "generators.json"), `${JSON.stringify(stats, null, 2)}\n`);
  return shares;
}

const mediumOf = (call: Record<string, unknown>) => Object.keys((call.medium as object | undefined) ?? {})[0];
const phonesIn = (p: Program) => JSON.stringify(p.calls).match(/"\+\d{6,}"/g) ?? [];

describe("the generators' distribution", () => {
  it("programs: every medium, every data-message flag, unicode, several pages of calls, many countries", () => {
    const countries = new Set<string>();
    const flags = new Set<string>();
    const byNumber = new Map(PHONE_EXAMPLES.map(({ country, number }) => [number.slice(0, -2), country]));
    const shares = statistics("programs", program(Date.now()), (p) => {
      for (const phone of phonesIn(p)) countries.add(byNumber.get(phone.slice(1, -3)) ?? "?");
      for (const flag of DATA_MESSAGE_FLAGS)
        if (JSON.stringify(p.calls).includes(`"${flag}":`)) flags.add(flag);
      return [
        p.calls.length > 4 ? "5-12 calls" : "1-4 calls",
        ...p.calls.map((c) => `medium: ${mediumOf(c) ?? "none"}`),
        ...(NON_ASCII.test(JSON.stringify(p.calls.map((c) => [c.metadata, c.templateContext])))
          ? ["unicode in metadata or templateContext"]
          : []),
        ...(typeof p.throttle === "string" && NON_ASCII.test(p.throttle) ? ["unicode throttle"] : []),
        ...(phonesIn(p).length > 0 ? ["a phone number"] : []),
      ];
    });
    for (const kind of Object.keys(callMediumSchema.shape))
      expect(shares[`medium: ${kind}`]).toBeGreaterThan(5);
    expect(shares["5-12 calls"]).toBeGreaterThan(10);
    expect(shares["unicode in metadata or templateContext"]).toBeGreaterThan(30);
    expect(shares["unicode throttle"]).toBeGreaterThan(10);
    expect([...flags].sort()).toEqual([...DATA_MESSAGE_FLAGS].sort());
    expect(countries.size).toBeGreaterThan(100);
    stats.programs!["phone countries seen"] = countries.size;
  });

  it("latitudes and fault schedules: every representation and every kind of fault, before and after", () => {
    const lat = statistics("latitudes", latitude, (l) => [
      l.pageSizeCap > 0 ? "listings in pages of 1-3" : "listings in one page",
      `SIP password in listings: ${l.passwordInListing}`,
      ...(l.omitNulls ? ["nulls left out"] : []),
      ...(l.nestedNulls ? ["unset nested fields as null"] : []),
      ...(l.fillWindow ? ["window filled in"] : []),
    ]);
    expect(lat["listings in pages of 1-3"]).toBeGreaterThan(30);
    const faults = statistics("fault schedules", faultSchedule, (s) => [
      `${s.filter((f) => f !== null).length > 3 ? "4 or more" : s.filter((f) => f !== null).length} fault(s)`,
      ...s.flatMap((f) => (f === null ? [] : [`${f.kind} ${f.when}`])),
    ]);
    for (const kind of ["status", "timeout", "drop"]) {
      for (const when of ["before", "after"]) expect(faults[`${kind} ${when}`]).toBeGreaterThan(5);
    }
    expect(faults["unreadable after"]).toBeGreaterThan(5);
  });
});
