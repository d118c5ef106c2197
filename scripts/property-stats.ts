/**
 * The property suite's case distribution, for docs/development.md: what the generators produce
 * (`fc.statistics`, test/properties/generators.test.ts) and what the cases of the last run of
 * `test/properties/` met and how they ended (test/properties/tally.ts), both read from
 * `.tmp/property-stats/*.json`. Run after `npx vitest run test/properties`:
 * `npx tsx scripts/property-stats.ts`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const STATS_DIR = join(__dirname, "..", ".tmp", "property-stats");
type Outcomes = Record<string, { cases: number; labels: { label: string; count: number }[] }>;

const generators = JSON.parse(readFileSync(join(STATS_DIR, "generators.json"), "utf8")) as Record<
  string,
  Record<string, number>
>;
console.log("Generated values (fc.statistics, 1,000 each):\n");
for (const [name, shares] of Object.entries(generators)) {
  const parts = Object.entries(shares).map(([label, share]) =>
    label.endsWith("seen") ? `${label}: ${share}` : `${label} ${share}%`,
  );
  console.log(`- ${name}: ${parts.join("; ")}`);
}

console.log(
  "\n| File | Property | Cases | What the cases met and how they ended (cases) |\n| --- | --- | --- | --- |",
);
for (const file of readdirSync(STATS_DIR).sort()) {
  if (file === "generators.json") continue;
  const stats = JSON.parse(readFileSync(join(STATS_DIR, file), "utf8")) as Outcomes;
  for (const [property, { cases, labels }] of Object.entries(stats)) {
    const faults = labels.filter((l) => l.label.startsWith("fault met: "));
    const parts = labels
      .filter((l) => !l.label.startsWith("fault met: "))
      .map((l) => `${l.label} ${l.count}`);
    if (faults.length > 0) {
      const total = faults.reduce((sum, l) => sum + l.count, 0);
      parts.push(`faults met by ${faults.length} kinds of request/fault (${total} in all)`);
    }
    console.log(`| ${file.replace(".json", "")} | ${property} | ${cases} | ${parts.join("; ")} |`);
  }
}
