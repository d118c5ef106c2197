import { startEmulator } from "pulumi-ultravox/emulator";
import { resetClaims } from "../../src/batch/claims";
import { batch } from "../../src/batch/definition";
import { toEngine } from "../../src/fields/engine-form";
import * as lifecycle from "../../src/provider/batch-lifecycle";
import { EmulatorAdmin } from "../lib/emulator-admin";
import { API_KEY, batchArgs } from "./fixtures";
import { round, type Summary, summarize } from "./stats";

/**
 * Section 10: what the look before each create costs (issue 22 item 5). Every create through a door
 * lists the agent's batches and reads the calls of each batch no resource of the run owns, looking
 * for one an earlier, unfinished create of this resource made, before it POSTs. Baseline in the same
 * run: the same lifecycle's create without the resource's identity, which sends the POST alone (what
 * every create sent before). In-process, as the dynamic-provider host runs it: one provider process
 * per run (claims and what it read start empty), the process-wide rate bound of 20 requests/s in
 * force, creates 10 at a time as `pulumi up --parallel 10` would start them, against the emulator.
 */

type Props = Record<string, unknown>;

export interface CreateLookCase {
  name: string;
  creates: number;
  /** Batches the agent already holds from earlier runs (no resource of this run owns them). */
  existing: number;
  baseline: { wallMs: Summary; requests: Record<string, number> };
  withLook: { wallMs: Summary; requests: Record<string, number> };
  /** With the look / baseline, medians of wall time. */
  wallRatio: number;
}

export interface CreateLookResult {
  runs: number;
  cases: CreateLookCase[];
}

const CASES = [
  { name: "1 batch, the agent holds none", creates: 1, existing: 0 },
  { name: "200 batches in one run, the agent holds none", creates: 200, existing: 0 },
  { name: "1 batch beside 200 from earlier runs", creates: 1, existing: 200 },
  { name: "200 batches beside 200 from earlier runs", creates: 200, existing: 200 },
];
const PARALLEL = 10;
const CALLS_PER_BATCH = 3;

/** `count` creates, `PARALLEL` at a time, each as the host runs it; `identity` on or off. */
async function createAll(count: number, withIdentity: boolean, run: string): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) {
      const args = batchArgs(CALLS_PER_BATCH) as unknown as Props;
      const calls = (args.calls as Props[]).map((call, n) => ({
        ...call,
        metadata: { row: `${run}-${i}-${n}` },
      }));
      const raw: Props = { ...toEngine(batch, { ...args, calls }), __provider: "bench" };
      if (withIdentity)
        raw.__createIdentity = `urn:pulumi:bench::bench::pulumi-nodejs:dynamic/ultravox:ScheduledBatch::b-${run}-${i}`;
      const checked = await lifecycle.check({}, raw);
      if ((checked.failures ?? []).length > 0) throw new Error(JSON.stringify(checked.failures));
      await lifecycle.create({ ...(checked.inputs as Props), __provider: "bench" });
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, count) }, worker));
}

/** Requests by kind: `POST`, `GET batches` (the listing), `GET calls` (a batch's calls). */
function kinds(lines: string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const line of lines) {
    const kind = line.startsWith("POST")
      ? "POST"
      : line.endsWith("/scheduled_calls")
        ? "GET calls"
        : line.endsWith("/scheduled_batches")
          ? "GET batches"
          : line.split(" ")[0]!;
    counts[kind] = (counts[kind] ?? 0) + 1;
  }
  return counts;
}

export async function measureCreateLook(
  runs: number,
  log: (message: string) => void,
): Promise<CreateLookResult> {
  // The fixtures' throttle is free text that names no call throttle: "accept" keeps it.
  const emulator = await startEmulator({ unknownThrottle: "accept", clock: "manual", apiKeys: [API_KEY] });
  const admin = new EmulatorAdmin(emulator);
  await lifecycle.configure({
    config: { get: (key: string) => ({ "ultravox:apiKey": API_KEY, "ultravox:baseUrl": emulator.url })[key] },
  } as never);
  const cases: CreateLookCase[] = [];
  try {
    for (const spec of CASES) {
      const samples = { baseline: [] as number[], withLook: [] as number[] };
      const requests = { baseline: {} as Record<string, number>, withLook: {} as Record<string, number> };
      for (let run = 0; run < runs; run++) {
        // Alternate the order, so neither side always runs on a warmer process.
        const order =
          run % 2 === 0 ? (["baseline", "withLook"] as const) : (["withLook", "baseline"] as const);
        for (const side of order) {
          await admin.request("POST", "/_emulator/reset");
          resetClaims();
          if (spec.existing > 0) await createAll(spec.existing, false, `old-${run}-${side}`);
          resetClaims(); // a new `pulumi up`: the earlier runs' batches belong to nobody in this one
          await admin.clearJournal();
          const started = performance.now();
          await createAll(spec.creates, side === "withLook", `new-${run}-${side}`);
          samples[side].push(performance.now() - started);
          requests[side] = kinds(await admin.requests());
        }
      }
      const baseline = summarize(samples.baseline);
      const withLook = summarize(samples.withLook);
      const result = {
        ...spec,
        baseline: { wallMs: baseline, requests: requests.baseline },
        withLook: { wallMs: withLook, requests: requests.withLook },
        wallRatio: round(withLook.median / baseline.median, 2),
      };
      log(
        `   ${spec.name}: ${JSON.stringify(result.baseline.requests)} -> ${JSON.stringify(result.withLook.requests)}, x${result.wallRatio}`,
      );
      cases.push(result);
    }
  } finally {
    await emulator.close();
  }
  return { runs, cases };
}

const total = (requests: Record<string, number>) => Object.values(requests).reduce((a, b) => a + b, 0);
const listed = (requests: Record<string, number>) =>
  Object.entries(requests)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(", ");
const ms = (s: Summary) =>
  `${Math.round(s.median).toLocaleString("en-US")} ms (${Math.round(s.min).toLocaleString("en-US")} – ${Math.round(s.max).toLocaleString("en-US")})`;

export function createLookSection(r: CreateLookResult, notes: string[]): string {
  const rows = r.cases.map(
    (c) =>
      `| ${c.name} | ${total(c.baseline.requests)} (${listed(c.baseline.requests)}) | ${total(c.withLook.requests)} (${listed(c.withLook.requests)}) | ${ms(c.baseline.wallMs)} | ${ms(c.withLook.wallMs)} | ×${c.wallRatio} |`,
  );
  const worst = r.cases.reduce((a, b) => (b.wallRatio > a.wallRatio ? b : a));
  if (worst.wallRatio > 3) {
    const seconds = (worst.withLook.wallMs.median / 1000).toFixed(1);
    notes.push(
      `**The look before each create** makes "${worst.name}" take ${seconds} s instead of ${Math.round(worst.baseline.wallMs.median)} ms (×${worst.wallRatio}, section 10): the calls of every batch of the agent that no resource of the run owns are read, once per run, at the provider's 20 requests/s. Whatever their size: a re-run after the user added or removed a call must still find its batch.`,
    );
  }
  return `## 10. The look before each create

Every create lists the agent's batches and reads the calls of each one no resource of this run owns,
looking for the batch an earlier, unfinished create of this resource made (its create token), before
it POSTs ([reliability.md](docs/reliability.md#a-post-that-may-have-acted)). Baseline, in the same
run: the same create without the resource's identity, which sends the POST alone (what every create
sent before). In-process through \`src/provider/batch-lifecycle.ts\`, creates started 10 at a time as
\`pulumi up --parallel 10\` would, the provider's own bound of 20 requests/s in force, ${CALLS_PER_BATCH} calls
a batch; medians of ${r.runs} runs (min – max). Reproduce: \`npm run bench -- --only create-look\`,
then \`npm run bench -- --render\`.

| Creates | Requests, POST alone | Requests, with the look | Wall, POST alone | Wall, with the look | Ratio |
| --- | --- | --- | --- | --- | --- |
${rows.join("\n")}

The listing is paid on every create; the calls of a batch from an earlier run are read once per run
(each batch's tokens are remembered by the provider process), and a batch another resource of this
run created is skipped (it is claimed), so a run creating many batches does not read them all again
for each create.`;
}
