import type * as pulumi from "@pulumi/pulumi";
import { scheduledBatchProvider } from "pulumi-ultravox";
import type { EmulatorAdmin } from "../../scripts/lib/emulator-admin";
import type { JournalEntry } from "../../src/emulator";
import { AGENT, DAY, iso } from "../fixtures";

export { AGENT } from "../fixtures";

/** Shared pieces of the reliability suites: a campaign, the provider driven directly, journal tallies. */

export const API_KEY = "reliabK1.abcdefghijklmnopqrstuvwxyz012345";
const T0 = Math.floor(Date.now() / 1000) * 1000;

/** A small all-outgoing campaign (no webhook needed); `n` makes its calls distinct. */
export function campaign(n = 1): Record<string, unknown> {
  return {
    agentId: AGENT,
    windowStart: iso(T0 + DAY),
    windowEnd: iso(T0 + 2 * DAY),
    calls: [
      {
        medium: { sip: { outgoing: { to: `sip:lead-${n}@sip.example.com` } } },
        metadata: { lead: `l-${n}` },
      },
      { medium: { sip: { outgoing: { to: `sip:lead-${n}b@sip.example.com` } } } },
    ],
  };
}

export const laterWindowEnd = iso(T0 + 3 * DAY);

type Provider = Required<pulumi.dynamic.ResourceProvider>;
export const provider = scheduledBatchProvider as Provider;

/** Configure the provider as the host would, with the given `ultravox:*` stack config. */
export async function configureProvider(values: Record<string, string>): Promise<void> {
  const config = { get: (key: string): string | undefined => values[key] };
  await provider.configure({ config: config as unknown as pulumi.dynamic.ConfigureRequest["config"] });
}

/** check + create, as the engine does; returns the id and outputs. */
export async function createBatch(raw: Record<string, unknown>): Promise<pulumi.dynamic.CreateResult> {
  const checked = await provider.check({}, raw);
  if (checked.failures && checked.failures.length > 0) {
    throw new Error(`check failed: ${JSON.stringify(checked.failures)}`);
  }
  return provider.create(checked.inputs);
}

export async function checkedInputs(raw: Record<string, unknown>): Promise<Record<string, unknown>> {
  return (await provider.check({}, raw)).inputs as Record<string, unknown>;
}

/** Runs `work` and returns how long it took in ms (wall clock). */
export async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await work();
  return { value, ms: Date.now() - started };
}

export async function failureOf(work: () => Promise<unknown>): Promise<Error> {
  try {
    await work();
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`threw a non-Error: ${String(error)}`);
  }
  throw new Error("expected a failure, but it succeeded");
}

/** Journal lines `METHOD path -> status [fault]`. */
export function lines(journal: JournalEntry[]): string[] {
  return journal.map(
    (e) =>
      `${e.method} ${e.path.replace(/[0-9a-f-]{36}\/scheduled_batches/, "A/scheduled_batches")} -> ${
        e.dropped ? "dropped" : e.status
      }${e.fault ? ` [${e.fault}]` : ""}`,
  );
}

/** Tally by method and outcome: `{ "POST 201": 50, "POST 429": 12 }`. */
export function tally(journal: JournalEntry[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const e of journal) {
    const key = `${e.method} ${e.dropped ? "dropped" : String(e.status)}`;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

/**
 * The journal once in-flight requests have been recorded: an entry is recorded when its answer is
 * written (after any latency), so a client that gave up earlier can outrun it.
 */
export async function settledJournal(admin: EmulatorAdmin, quietMs = 300): Promise<JournalEntry[]> {
  let previous = -1;
  for (;;) {
    const journal = await admin.journal();
    if (journal.length === previous) return journal;
    previous = journal.length;
    await new Promise((resolve) => setTimeout(resolve, quietMs));
  }
}
