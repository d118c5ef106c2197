/**
 * Checks the traffic an emulator journaled (started with `journalExchanges: true`) against the
 * Ultravox OpenAPI description, and fails a test with the list of exchanges that do not match.
 */
import { afterEach } from "vitest";
import { EmulatorAdmin } from "../../scripts/lib/emulator-admin";
import type { JournalEntry, RunningEmulator } from "../../src/emulator";
import { OPENAPI_FILE } from "./api-description";
import { answerViolations, type Exchange, exchangeName, requestViolations } from "./exchange-violations";

export interface TrafficCheck {
  /**
   * "all": every request must be valid (the provider's traffic). "answers-only": only the answers are
   * checked (the emulator's own tests send invalid requests on purpose to see the 400s).
   */
  requests: "all" | "answers-only";
}

export function exchangeOf(entry: JournalEntry): Exchange {
  if (entry.exchange === undefined) {
    throw new Error(
      `journal entry #${entry.seq} has no exchange: start the emulator with journalExchanges: true to check its traffic`,
    );
  }
  return {
    method: entry.method,
    path: entry.path,
    query: entry.query,
    requestContentType: entry.exchange.requestContentType,
    requestBodyBytes: entry.exchange.requestBodyBytes,
    requestBody: entry.body,
    status: entry.status,
    answerBody: entry.exchange.answerBody,
  };
}

/**
 * Faults whose answer is still the emulator's own (a status fault's error body, a slow or rate-limited
 * answer) or absent (dropped). Any other fault reshapes the answer on purpose (e.g. "only-id", a
 * terse service), so that answer is the test's fake, not the emulator's, and only its request is checked.
 */
const OWN_ANSWER_FAULT = /^(\d{3}(-processed)?|latency|rate-limit|drop-before|drop-after)$/;

export function answerIsEmulators(entry: JournalEntry): boolean {
  return entry.fault === null || OWN_ANSWER_FAULT.test(entry.fault);
}

/** One block per exchange that does not match, naming it and each problem; empty when all match. */
export function trafficViolations(entries: JournalEntry[], check: TrafficCheck): string[] {
  const blocks: string[] = [];
  for (const entry of entries) {
    const exchange = exchangeOf(entry);
    const problems = [
      ...(check.requests === "all" ? requestViolations(exchange).map((p) => `request: ${p}`) : []),
      ...(answerIsEmulators(entry) ? answerViolations(exchange).map((p) => `answer: ${p}`) : []),
    ];
    if (problems.length === 0) continue;
    const answered = entry.status === null ? "no answer" : String(entry.status);
    blocks.push(
      [`#${entry.seq} ${exchangeName(exchange)} -> ${answered}`, ...problems.map((p) => `    ${p}`)].join(
        "\n",
      ),
    );
  }
  return blocks;
}

export async function journalOf(emulator: RunningEmulator): Promise<JournalEntry[]> {
  const response = await fetch(`${emulator.url}/_emulator/journal`, {
    headers: { "X-API-Key": emulator.apiKey },
  });
  if (response.status !== 200) throw new Error(`reading the emulator journal failed: ${response.status}`);
  return ((await response.json()) as { entries: JournalEntry[] }).entries;
}

/** Throws, listing every exchange that does not match the description. */
export async function expectTrafficMatchesApi(emulator: RunningEmulator, check: TrafficCheck): Promise<void> {
  const blocks = trafficViolations(await journalOf(emulator), check);
  if (blocks.length > 0) {
    throw new Error(
      `${blocks.length} exchange(s) do not match the Ultravox OpenAPI description (${OPENAPI_FILE}):\n${blocks.join("\n")}`,
    );
  }
}

/** After every test of the file: the traffic it caused must match the description. */
export function checkTrafficAfterEach(
  emulator: () => RunningEmulator | undefined,
  check: TrafficCheck,
): void {
  afterEach(async () => {
    const running = emulator();
    if (running !== undefined) await expectTrafficMatchesApi(running, check);
  });
}

/** True for the admin calls that empty the journal (DELETE /_emulator/journal, POST /_emulator/reset). */
export function clearsJournal(method: string, path: string): boolean {
  const call = `${method.toUpperCase()} ${path.split("?")[0]}`;
  return call === "DELETE /_emulator/journal" || call === "POST /_emulator/reset";
}

/**
 * An EmulatorAdmin that checks the journal before anything empties it, so the exchanges a test makes
 * before clearing the journal mid-test (to look at one request alone) are checked too.
 */
export class CheckedEmulatorAdmin extends EmulatorAdmin {
  constructor(
    emulator: RunningEmulator,
    private readonly check: TrafficCheck,
  ) {
    super(emulator);
  }

  override async request(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: unknown }> {
    if (clearsJournal(method, path)) await expectTrafficMatchesApi(this.emulator, this.check);
    return super.request(method, path, body);
  }
}
