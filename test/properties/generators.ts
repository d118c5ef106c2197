/**
 * fast-check generators: programs (one batch with calls of every medium, optional fields present or
 * absent, secrets the test knows), changes to a program, the service's latitude, values set outside
 * the program, and fault schedules.
 */
import { fc } from "@fast-check/vitest";
import { DAY, iso } from "../fixtures";
import type { Fault, Latitude } from "./latitude";

export type Call = Record<string, unknown>;

/** A program's inputs for one ScheduledBatch (program form: calls as a list). */
export interface Program {
  agentId: string;
  calls: Call[];
  windowStart?: string;
  windowEnd?: string;
  paused?: boolean;
  throttle?: string;
  webhookUrl?: string;
  webhookSecret?: string;
}

const HOUR = 3_600_000;

/** Secrets carry a marker so a leak is found by plain text search. */
export const secretText = (kind: "whsec" | "sippw") =>
  fc.stringMatching(/^[A-Za-z0-9]{12,18}$/).map((s) => `${kind}-${s}`);

const phone = fc.integer({ min: 0, max: 9999 }).map((n) => `+1415555${String(n).padStart(4, "0")}`);

const dtmfHandling = fc.oneof(
  fc.constant({ ignore: true }),
  fc.record({
    userTextMessage: fc.record(
      {
        text: fc.constantFrom("Pressed {digits}", "digit"),
        urgency: fc.constantFrom("URGENCY_SOON", "URGENCY_LATER"),
      },
      { requiredKeys: ["text"] },
    ),
  }),
);

const phoneOutgoing = fc.record(
  { to: phone, from: phone, additionalParams: fc.constant({ record: true }) },
  { requiredKeys: ["to", "from"] },
);

/** twilio, telnyx or plivo: outgoing (dialed by Ultravox) or not (handed to the webhook). */
const phoneMedium = (name: "twilio" | "telnyx" | "plivo") =>
  fc.record({ outgoing: phoneOutgoing, dtmfHandling }, { requiredKeys: [] }).map((m) => ({ [name]: m }));

const sipOutgoing = fc
  .record(
    {
      to: fc.constantFrom("sip:ada@pbx.example.com", "sip:bob@pbx.example.com"),
      from: fc.constant("campaigns"),
      username: fc.constant("uv"),
      password: secretText("sippw"),
    },
    { requiredKeys: ["to"] },
  )
  .map((outgoing) => ({ sip: { outgoing } }));

const dataMessages = fc.record({ transcript: fc.boolean(), callEvent: fc.boolean() }, { requiredKeys: [] });

const medium = fc.oneof(
  phoneMedium("twilio"),
  phoneMedium("telnyx"),
  phoneMedium("plivo"),
  sipOutgoing,
  fc.constant({ sip: { incoming: {} } }),
  fc.record({ dataMessages }, { requiredKeys: [] }).map((webRtc) => ({ webRtc })),
  fc
    .record(
      {
        inputSampleRate: fc.constant(16000),
        outputSampleRate: fc.constantFrom(8000, 16000),
        clientBufferSizeMs: fc.constant(60),
        mediaIdleTimeout: fc.constant("30s"),
      },
      { requiredKeys: ["inputSampleRate"] },
    )
    .map((serverWebSocket) => ({ serverWebSocket })),
  fc.record({ dtmfHandling }, { requiredKeys: [] }).map((exotel) => ({ exotel })),
);

export const call: fc.Arbitrary<Call> = fc.record(
  {
    medium,
    metadata: fc.integer({ min: 1, max: 99 }).map((n) => ({ customer: `c-${n}` })),
    templateContext: fc.constantFrom({ name: "Ada" }, { name: "Grace", plan: { tier: 2 } }),
    experimentalSettings: fc.constant({}),
  },
  { requiredKeys: [] },
);

/** Whether Ultravox hands this call to the webhook (its medium is not an outgoing one). */
export function needsWebhook(c: Call): boolean {
  const m = c.medium as Record<string, Record<string, unknown>> | undefined;
  if (m === undefined) return true;
  const [key, part] = Object.entries(m)[0] ?? [];
  if (key === "sip") return part?.outgoing === undefined;
  if (key === "twilio" || key === "telnyx" || key === "plivo") return part?.outgoing === undefined;
  return true;
}

/** Every secret a program holds (webhook secret, SIP passwords). */
export function secretsOf(program: Program): string[] {
  const passwords = program.calls.flatMap((c) => {
    const sip = (c.medium as { sip?: { outgoing?: { password?: string } } } | undefined)?.sip;
    return sip?.outgoing?.password === undefined ? [] : [sip.outgoing.password];
  });
  return [...(program.webhookSecret === undefined ? [] : [program.webhookSecret]), ...passwords];
}

/** A program is valid only with a webhook exactly when some call needs one; this makes it so. */
function withWebhookRule(program: Program, fallbackUrl: string): Program {
  const out: Program = { ...program };
  if (out.calls.some(needsWebhook)) out.webhookUrl ??= fallbackUrl;
  else {
    delete out.webhookUrl;
    delete out.webhookSecret;
  }
  return definedOnly(out);
}

function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const WEBHOOKS = ["https://hooks.example.com/ultravox", "https://hooks.example.com/other"];

/** The optional fields of a program (t0: the test's start, whole seconds). */
function fields(t0: number) {
  return fc.record(
    {
      windowStart: fc.integer({ min: 1, max: 24 }).map((h) => iso(t0 + h * HOUR)),
      windowEnd: fc.integer({ min: 2, max: 5 }).map((d) => iso(t0 + d * DAY)),
      paused: fc.boolean(),
      throttle: fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/),
      webhookUrl: fc.constantFrom(...WEBHOOKS),
      webhookSecret: secretText("whsec"),
    },
    { requiredKeys: [] },
  );
}

/** A valid program for a fresh agent (so the agent's batches are this resource's alone). */
export function program(t0: number): fc.Arbitrary<Program> {
  return fc
    .record({
      agentId: fc.uuid({ version: 4 }),
      calls: fc.array(call, { minLength: 1, maxLength: 4 }),
      rest: fields(t0),
    })
    .map(({ agentId, calls, rest }) => withWebhookRule({ agentId, calls, ...rest }, WEBHOOKS[0] as string));
}

const FIELD_NAMES = [
  "windowStart",
  "windowEnd",
  "paused",
  "throttle",
  "webhookUrl",
  "webhookSecret",
  "calls",
] as const;

/**
 * A later version of `before`: any subset of its fields replaced by other values or removed.
 * Un-pausing is left out (the service cannot do it; a separate rule covers it).
 */
export function changeOf(before: Program, t0: number): fc.Arbitrary<Program> {
  return fc
    .record({
      other: fields(t0),
      calls: fc.array(call, { minLength: 1, maxLength: 4 }),
      take: fc.subarray([...FIELD_NAMES]),
    })
    .map(({ other, calls, take }) => {
      const after: Record<string, unknown> = { ...before };
      const source: Record<string, unknown> = { ...other, calls };
      for (const field of take) after[field] = source[field];
      const next = after as unknown as Program;
      if (before.paused === true) next.paused = true;
      return withWebhookRule(next, before.webhookUrl ?? (WEBHOOKS[0] as string));
    });
}

export const latitude: fc.Arbitrary<Latitude> = fc.record({
  batchOrderSeed: fc.oneof(fc.constant(0), fc.nat()),
  callOrderSeed: fc.oneof(fc.constant(0), fc.nat()),
  nestedNulls: fc.boolean(),
  emptyStrings: fc.boolean(),
  omitNulls: fc.boolean(),
  passwordInListing: fc.constantFrom("shown", "absent", "empty", "stars"),
  extraFields: fc.boolean(),
  fillWindow: fc.boolean(),
});

/** A change made outside the program (the dashboard, another tool), sent straight to the service. */
export type OutsideEdit = Record<string, unknown>;

/** Edits that only apply to a batch with a webhook (the service refuses a webhook otherwise). */
export const WEBHOOK_EDITS = ["webhookUrl", "webhookSecret"];

/**
 * Values set outside the program: beyond the program's limits (a 70-character or empty
 * `throttle`), a pause, another webhook. Independent of the program (so that shrinking works
 * well); `applicableEdits` drops the webhook ones for a batch without a webhook.
 */
export const outsideEdits: fc.Arbitrary<OutsideEdit[]> = fc.array(
  fc.constantFrom<OutsideEdit>(
    { throttle: "t".repeat(70) },
    { throttle: "" },
    { paused: true },
    { webhookUrl: "https://elsewhere.example.org/hook" },
    { webhookSecret: "set-in-dashboard" },
  ),
  { maxLength: 2 },
);

export function applicableEdits(edits: OutsideEdit[], program: Program): OutsideEdit[] {
  if (program.webhookUrl !== undefined) return edits;
  return edits.filter((edit) => !Object.keys(edit).some((key) => WEBHOOK_EDITS.includes(key)));
}

const timing = fc.constantFrom("before" as const, "after" as const);

/** Every kind of fault equally likely: a throttle, a 5xx, a timeout, a reset, an unreadable 2xx. */
export const fault: fc.Arbitrary<Fault> = fc.oneof(
  fc.constantFrom("json" as const, "html" as const, "echo" as const).map((body) => ({
    kind: "status" as const,
    status: 429 as const,
    body,
    when: "before" as const,
  })),
  fc.record({
    kind: fc.constant("status" as const),
    status: fc.constantFrom(500 as const, 502 as const, 503 as const, 504 as const),
    body: fc.constantFrom("json" as const, "html" as const, "echo" as const),
    when: timing,
  }),
  fc.record({ kind: fc.constant("timeout" as const), when: timing }),
  fc.record({ kind: fc.constant("drop" as const), when: timing }),
  fc.record({
    kind: fc.constant("unreadable" as const),
    body: fc.constantFrom("batch-id-only" as const, "html" as const),
    when: fc.constant("after" as const),
  }),
);

/** One fault (or none) lasting 1 to 3 requests in a row: an outage outlasts a retry. */
const spell = (arb: fc.Arbitrary<Fault | null>) =>
  fc.tuple(arb, fc.integer({ min: 1, max: 3 })).map(([f, times]) => Array<Fault | null>(times).fill(f));

/**
 * Faults for the requests of an operation, in order (null: that request goes through). The first
 * request (the operation's own: a create's POST) always meets one.
 */
export const faultSchedule: fc.Arbitrary<(Fault | null)[]> = fc
  .tuple(spell(fault), fc.array(spell(fc.option(fault, { nil: null, freq: 3 })), { maxLength: 3 }))
  .map(([first, rest]) => [...first, ...rest.flat()]);

/** A refusal whose answer quotes the request (a firewall's reason phrase), lasting past any retry. */
const echo: fc.Arbitrary<Fault> = fc.record({
  kind: fc.constant("status" as const),
  status: fc.constantFrom(429 as const, 500 as const, 502 as const, 503 as const, 504 as const),
  body: fc.constant("echo" as const),
  when: fc.constant("before" as const),
});

/** Faults for the secrets property: any schedule, or a quoting refusal that outlasts the retries. */
export const leakProneSchedule: fc.Arbitrary<(Fault | null)[]> = fc.oneof(
  faultSchedule,
  fc.tuple(echo, fc.integer({ min: 1, max: 12 })).map(([f, times]) => Array<Fault | null>(times).fill(f)),
);
