// Shared helpers for emulator tests: start an in-process emulator and talk to it over real HTTP.
// Every answer an emulator started here gives is checked against the Ultravox OpenAPI description
// after each test, before the journal is emptied and when it closes (requests are not: these tests
// send invalid ones on purpose).
import { randomUUID } from "node:crypto";
import { afterEach } from "vitest";
import { type EmulatorOptions, type RunningEmulator, startEmulator } from "../../src/emulator";
import { clearsJournal, expectTrafficMatchesApi, type TrafficCheck } from "../openapi/traffic-check";

const ANSWERS_ONLY: TrafficCheck = { requests: "answers-only" };
const running = new Set<RunningEmulator>();

afterEach(async () => {
  for (const emulator of running) await expectTrafficMatchesApi(emulator, ANSWERS_ONLY);
});

/**
 * A decoded JSON body, typed loosely for test convenience: the fields tests read are declared, and
 * assertions check their real values (a missing field shows up as a failed expectation).
 */
export interface WireBody {
  [key: string]: unknown;
  batchId: string;
  throttleId: string;
  created: string;
  totalCount: number;
  completedCount: number;
  endedAt: string | null;
  webhookSecret: string;
  paused: boolean;
  results: WireBody[];
  next: string | null;
  previous: string | null;
  total: number;
  status: string;
  callId: string | null;
  detail: string;
  now: string;
  id: string;
  calls: unknown[];
  entries: WireBody[];
  faults: WireBody[];
}

export interface HttpResult {
  status: number;
  headers: Headers;
  body: WireBody;
}

export interface TestEmulator extends RunningEmulator {
  /** Calls the emulator with the API key (unless headers override it). */
  request(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<HttpResult>;
  batchesPath(agentId?: string): string;
}

export const THROTTLES = "/api/call_throttles";
export const THROTTLE_KEYS = ["throttleId", "created", "name", "rules"];

export const AGENT = "0b5f4c1e-6a7d-4c1b-9a55-3f2a9d7c8e01";

export async function startTestEmulator(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const emulator = await startEmulator({ clock: "manual", journalExchanges: true, ...options });
  running.add(emulator);
  const close = async () => {
    running.delete(emulator);
    try {
      await expectTrafficMatchesApi(emulator, ANSWERS_ONLY);
    } finally {
      await emulator.close();
    }
  };
  const request = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpResult> => {
    // A test that empties the journal mid-way (reset, DELETE journal) has what came before checked first.
    if (clearsJournal(method, path)) await expectTrafficMatchesApi(emulator, ANSWERS_ONLY);
    const target = path.startsWith("http") ? path : `${emulator.url}${path}`;
    const response = await fetch(target, {
      method,
      headers: {
        "X-API-Key": emulator.apiKey,
        ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: (text === "" ? null : JSON.parse(text)) as WireBody,
    };
  };
  return {
    ...emulator,
    close,
    request,
    batchesPath: (agentId = AGENT) => `/api/agents/${agentId}/scheduled_batches`,
  };
}

/** A call Ultravox dials itself (no webhook needed). */
export function outgoingSipCall(n: number, extra: Record<string, unknown> = {}) {
  return { medium: { sip: { outgoing: { to: `sip:user${n}@example.com`, from: "emulator" } } }, ...extra };
}

export function outgoingCalls(count: number) {
  return Array.from({ length: count }, (_, i) => outgoingSipCall(i));
}

export const newAgentId = (): string => randomUUID();

export const BATCH_KEYS = [
  "batchId",
  "created",
  "totalCount",
  "completedCount",
  "endedAt",
  "windowStart",
  "windowEnd",
  "throttle",
  "webhookUrl",
  "webhookSecret",
  "paused",
];
