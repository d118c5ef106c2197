/**
 * Shared set-up for the integration tests: a real emulator over HTTP, the built forwarder
 * (`scheduledBatchProvider`, which loads `pulumi-ultravox/lifecycle` from dist/ at call time), and
 * helpers that call it the way the dynamic-provider host does (`__provider` in news and olds, the
 * host putting `__provider` back after check/create/update).
 */
import type * as pulumi from "@pulumi/pulumi";
import { scheduledBatchProvider } from "pulumi-ultravox";
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import type { EmulatorAdmin } from "../../scripts/lib/emulator-admin";
import {
  type EmulatorOptions,
  type JournalEntry,
  type RunningEmulator,
  startEmulator,
} from "../../src/emulator";
import { AGENT, API_KEY, CALLER, DAY, iso, PHONE, SECOND, WEBHOOK_SECRET } from "../fixtures";
import { CheckedEmulatorAdmin, checkTrafficAfterEach } from "../openapi/traffic-check";

export type Props = Record<string, unknown>;

/** Props in the form the engine stores them (calls as canonical text, passwords in callSecrets). */
import { batch } from "../../src/batch/definition";
import { toEngine } from "../../src/fields/engine-form";

/** A batch's props in the engine's form (calls as one text). */
export const engineForm = (props: Record<string, unknown>) => toEngine(batch, props);
export {
  AGENT,
  API_KEY,
  CALLER,
  DAY,
  iso,
  isoWithOffset,
  OTHER_AGENT,
  PHONE,
  SECOND,
  UNKNOWN,
  WEBHOOK_SECRET,
} from "../fixtures";

/** What the engine keeps in `__provider`; any text will do for calls made directly. */
export const PROVIDER_TEXT = "exports.handler = __f0; /* stand-in for the serialized forwarder */";

export const provider = scheduledBatchProvider;

export interface Env {
  emulator: RunningEmulator;
  admin: EmulatorAdmin;
  /** The emulator's (manual, frozen) clock at start-up, rounded down to whole seconds, in ms. */
  t0: number;
}

/**
 * Start an emulator for this test file, configure the provider with it once (the lifecycle module
 * keeps stack config per process), and empty the journal and fault queue before every test.
 */
export function useEmulator(extra: Pick<EmulatorOptions, "agentCallTemplates"> = {}): Env {
  const env = {} as Env;
  beforeAll(async () => {
    // Throttles named here are free text that names no call throttle; "accept" keeps them (the 400
    // the emulator gives by default is tested in test/emulator/throttle-enforcement.test.ts).
    env.emulator = await startEmulator({
      unknownThrottle: "accept",
      clock: "manual",
      apiKeys: [API_KEY],
      journalExchanges: true,
      ...extra,
    });
    env.admin = new CheckedEmulatorAdmin(env.emulator, { requests: "all" });
    const { json } = await env.admin.request("GET", "/_emulator/clock");
    // Whole seconds, as programs write them (the emulator's own clock has milliseconds).
    env.t0 = Math.floor(Date.parse((json as { now: string }).now) / SECOND) * SECOND;
    const config: Props = { "ultravox:apiKey": API_KEY, "ultravox:baseUrl": env.emulator.url };
    await provider.configure!({ config: { get: (key: string) => config[key] } } as never);
  });
  afterAll(async () => {
    await env.emulator?.close();
  });
  beforeEach(async () => {
    await env.admin.clearFaults();
    await env.admin.clearJournal();
  });
  // Every request the provider sent in the test, and every answer, must match the API description.
  checkTrafficAfterEach(() => env.emulator, { requests: "all" });
  return env;
}

/** A valid campaign: one webRtc call (needs the webhook) and one outgoing twilio call. */
export function goodArgs(env: Env, overrides: Props = {}): Props {
  return {
    agentId: AGENT,
    windowStart: iso(env.t0 + DAY),
    windowEnd: iso(env.t0 + 2 * DAY),
    webhookUrl: "https://hooks.example.com/ultravox",
    webhookSecret: WEBHOOK_SECRET,
    throttle: "campaign-throttle",
    calls: [
      { medium: { webRtc: { dataMessages: { transcript: true } } }, metadata: { customer: "c-1" } },
      { medium: { twilio: { outgoing: { to: PHONE, from: CALLER } } }, templateContext: { name: "Ada" } },
    ],
    ...overrides,
  };
}

/** `args` without the keys in `names` (a property removed from the program). */
export function without(args: Props, ...names: string[]): Props {
  return Object.fromEntries(Object.entries(args).filter(([key]) => !names.includes(key)));
}

export function withProviderKey(props: Props): Props {
  return { ...props, __provider: PROVIDER_TEXT };
}

/** check as the host runs it: raw news carry `__provider`, and the host puts it back on the result. */
export async function engineCheck(news: Props, olds: Props = {}): Promise<pulumi.dynamic.CheckResult> {
  const result = await provider.check!(olds, withProviderKey(news));
  return { ...result, inputs: withProviderKey(result.inputs as Props) };
}

/** check that must pass: the canonical inputs (with `__provider`). */
export async function checked(news: Props, olds: Props = {}): Promise<Props> {
  const result = await engineCheck(news, olds);
  expect(result.failures ?? []).toEqual([]);
  return result.inputs as Props;
}

export interface Created {
  id: string;
  /** The outputs as the engine stores them (with `__provider`). */
  outs: Props;
}

/** check + create, the way `pulumi up` creates a resource. */
export async function createBatch(args: Props): Promise<Created> {
  const inputs = await checked(args);
  const result = await provider.create(inputs);
  return { id: result.id, outs: withProviderKey(result.outs as Props) };
}

export function batchPath(batchId: string, agentId = AGENT): string {
  return `/api/agents/${agentId}/scheduled_batches/${batchId}`;
}

/** The one request the journal holds (failing unless there is exactly one). */
export async function onlyRequest(env: Env): Promise<JournalEntry> {
  const journal = await env.admin.journal();
  expect(journal.map((entry) => `${entry.method} ${entry.path}`)).toHaveLength(1);
  return journal[0]!;
}

/** The error a promise rejects with (failing when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error & Props> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(Error);
    return error as Error & Props;
  }
  throw new Error("expected the call to fail, but it succeeded");
}
