/**
 * The real case distribution of a property: what each case met and how it ended, counted while the
 * property runs (the way `fc.statistics` counts generated values, but over outcomes, which only the
 * run knows). Each file's counts are written to `.tmp/property-stats/<file>.json` after it ran, and
 * each property checks that its cases reached the outcomes it exists for, so it cannot pass on
 * almost nothing. docs/development.md quotes a run.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { afterAll, expect } from "vitest";

const STATS_DIR = join(__dirname, "..", "..", ".tmp", "property-stats");

export class Tally {
  private readonly counts = new Map<string, number>();
  private cases = 0;

  constructor(readonly property: string) {}

  /** One case ran; `labels` say what it met (each counted once per case). */
  record(...labels: string[]): void {
    this.cases++;
    for (const label of new Set(labels)) this.counts.set(label, (this.counts.get(label) ?? 0) + 1);
  }

  /** Labels with their share of the cases, most frequent first. */
  rows(): { label: string; count: number; percent: number }[] {
    return [...this.counts.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([label, count]) => ({ label, count, percent: Math.round((100 * count) / this.cases) }));
  }

  total(): number {
    return this.cases;
  }

  count(label: string): number {
    return this.counts.get(label) ?? 0;
  }
}

/**
 * Tallies for one test file, written out after it ran. `required`: labels each property's cases
 * must have reached at least once (counted over the whole run, shrinking included).
 */
export function useTallies(file: string, required: Record<string, readonly string[]> = {}) {
  const tallies = new Map<string, Tally>();
  afterAll(() => {
    mkdirSync(STATS_DIR, { recursive: true });
    const out = Object.fromEntries(
      [...tallies.values()].map((t) => [t.property, { cases: t.total(), labels: t.rows() }]),
    );
    writeFileSync(join(STATS_DIR, `${basename(file, ".test.ts")}.json`), `${JSON.stringify(out, null, 2)}\n`);
    for (const [property, labels] of Object.entries(required)) {
      const tally = tallies.get(property);
      if (tally === undefined || tally.total() === 0) continue; // the property itself failed or was filtered out
      for (const label of labels) {
        expect(
          tally.count(label),
          `${property}: no case reached "${label}" in ${tally.total()}`,
        ).toBeGreaterThan(0);
      }
    }
  });
  return (property: string): Tally => {
    let tally = tallies.get(property);
    if (tally === undefined) {
      tally = new Tally(property);
      tallies.set(property, tally);
    }
    return tally;
  };
}

/** Labels for the faults requests met, by method, kind and timing (a schedule may outlast them). */
export function faultsMet(log: readonly { method: string; fault: string | null }[]): string[] {
  return log.flatMap((r) => {
    if (r.fault === null) return [];
    const kind = /^\d{3} /.test(r.fault) ? `${r.fault.slice(0, 3)}` : r.fault.split(" ")[0];
    const when = r.fault.endsWith("after") ? "after" : "before";
    return [`fault met: ${r.method} ${kind} ${when}`];
  });
}
