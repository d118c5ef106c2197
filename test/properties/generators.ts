/**
 * fast-check generators: programs (one batch with calls of every medium, optional fields present or
 * absent, unicode in metadata, templateContext and free-text fields, phone numbers of every country,
 * secrets the test knows), changes to a program, the service's latitude, values set outside the
 * program, and fault schedules. The batch's fields come from the provider's field table
 * (field-table.ts): a field added there is generated here without an edit.
 */
import { fc } from "@fast-check/vitest";
import { getCountries, getExampleNumber } from "libphonenumber-js";
import examples from "libphonenumber-js/examples.mobile.json";
import type { z } from "zod";
import { DAY, iso } from "../fixtures";
import {
  arbitraryFromSchema,
  BODY_FIELDS,
  DATA_MESSAGE_FLAGS,
  INPUTS,
  ONE_WAY,
  OPTIONAL_BODY_FIELDS,
} from "./field-table";
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
  /** Fields the table gained after this interface was written, generated from their schema. */
  [field: string]: unknown;
}

const HOUR = 3_600_000;

/** Secrets carry a marker so a leak is found by plain text search. */
export const secretText = (kind: "whsec" | "sippw") =>
  fc.stringMatching(/^[A-Za-z0-9]{12,18}$/).map((s) => `${kind}-${s}`);

/** libphonenumber-js's example mobile number of every country it knows (about 245), in E.164. */
export const PHONE_EXAMPLES: readonly { country: string; number: string }[] = getCountries().flatMap(
  (country) => {
    const example = getExampleNumber(country, examples);
    return example === undefined ? [] : [{ country, number: example.number }];
  },
);

/** A phone number of any country: an example number, or one with its last digits changed. */
const phone = fc
  .tuple(fc.constantFrom(...PHONE_EXAMPLES), fc.option(fc.integer({ min: 0, max: 99 }), { nil: undefined }))
  .map(([{ number }, tail]) =>
    tail === undefined ? number : `${number.slice(0, -2)}${String(tail).padStart(2, "0")}`,
  );

/** Text of every plane: combining marks, emoji, right-to-left scripts (graphemes of fast-check). */
export const unicodeText = (maxLength = 12) => fc.string({ unit: "grapheme", maxLength });

const urgency = fc.constantFrom("URGENCY_UNSPECIFIED", "URGENCY_IMMEDIATE", "URGENCY_SOON", "URGENCY_LATER");
const dtmfHandling = fc.record(
  {
    ignore: fc.boolean(),
    userTextMessage: fc.record({ text: unicodeText(), urgency }, { requiredKeys: ["text"] }),
  },
  { requiredKeys: [] },
);

/** Free-form JSON as a program may pass it (unicode keys and strings, nested lists and objects). */
const jsonObject = fc.dictionary(unicodeText(8), fc.jsonValue({ maxDepth: 2, stringUnit: "grapheme" }), {
  maxKeys: 4,
});

const phoneOutgoing = fc.record(
  { to: phone, from: phone, additionalParams: fc.oneof(fc.constant({ record: true }), jsonObject) },
  { requiredKeys: ["to", "from"] },
);

/** twilio, telnyx or plivo: outgoing (dialed by Ultravox) or not (handed to the webhook). */
const phoneMedium = (name: "twilio" | "telnyx" | "plivo") =>
  fc.record({ outgoing: phoneOutgoing, dtmfHandling }, { requiredKeys: [] }).map((m) => ({ [name]: m }));

const sipOutgoing = fc
  .record(
    {
      to: fc.constantFrom("sip:ada@pbx.example.com", "sip:bob@pbx.example.com", "sips:zoë@pbx.example.com"),
      from: fc.oneof(fc.constant("campaigns"), unicodeText()),
      username: fc.oneof(fc.constant("uv"), unicodeText()),
      password: secretText("sippw"),
    },
    { requiredKeys: ["to"] },
  )
  .map((outgoing) => ({ sip: { outgoing } }));

/** Any subset of the published description's data-message flags, each on or off. */
const dataMessages = fc.record(
  Object.fromEntries(DATA_MESSAGE_FLAGS.map((flag) => [flag, fc.boolean()])) as Record<
    string,
    fc.Arbitrary<boolean>
  >,
  { requiredKeys: [] },
);

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
        inputSampleRate: fc.constantFrom(8000, 16000, 48000),
        outputSampleRate: fc.constantFrom(8000, 16000, 24000),
        clientBufferSizeMs: fc.integer({ min: 1, max: 2000 }),
        dataMessages,
        mediaIdleTimeout: fc.constantFrom("30s", "1.5s", "0s", "600.000000001s"),
      },
      { requiredKeys: ["inputSampleRate"] },
    )
    .map((serverWebSocket) => ({ serverWebSocket })),
  fc.record({ dtmfHandling }, { requiredKeys: [] }).map((exotel) => ({ exotel })),
);

/** Metadata keys the API or the provider reserve; a program cannot use them (check refuses). */
const RESERVED_METADATA = /^(ultravox\.|pulumi-ultravox\.)/;

/** Metadata (string to string): a customer id, or any unicode keys and values. */
const metadata = fc.oneof(
  fc.integer({ min: 1, max: 99 }).map((n) => ({ customer: `c-${n}` })),
  fc
    .dictionary(unicodeText(10), unicodeText(20), { maxKeys: 4 })
    .map((m) => Object.fromEntries(Object.entries(m).filter(([key]) => !RESERVED_METADATA.test(key)))),
);

const templateContext = fc.oneof(
  fc.constantFrom({ name: "Ada" }, { name: "Grace", plan: { tier: 2 } }, { name: "Zoë 🦊", city: "Москва" }),
  jsonObject,
);

/** Keys check refuses anywhere (JavaScript treats them specially): a program cannot send them. */
const PROTOTYPE_KEY = /"(__proto__|constructor|prototype)":/;

export const call: fc.Arbitrary<Call> = fc
  .record(
    {
      medium,
      metadata,
      templateContext,
      experimentalSettings: fc.oneof(fc.constant({}), jsonObject),
    },
    { requiredKeys: [] },
  )
  .filter((c) => !PROTOTYPE_KEY.test(JSON.stringify(c)));

/** A call list: usually a few calls, sometimes enough for several pages of a listing. */
export const calls = fc.oneof(
  { weight: 4, arbitrary: fc.array(call, { minLength: 1, maxLength: 4 }) },
  { weight: 1, arbitrary: fc.array(call, { minLength: 5, maxLength: 12 }) },
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

/** An instant written with any offset the API accepts (the same instant reads the same). */
const instant = (ms: number) =>
  fc.constantFrom("Z", "+02:00", "-05:30").map((offset) => {
    if (offset === "Z") return iso(ms);
    const minutes =
      (offset[0] === "-" ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4)));
    return `${new Date(ms + minutes * 60_000).toISOString().slice(0, 19)}${offset}`;
  });

/**
 * Values for the fields whose meaning the test must know (windows after the test's start, webhook
 * URLs the cross-field rule adds, secrets it searches for, the calls); every other optional field
 * of the table is generated from its schema (unicode text for `throttle`, booleans for `paused`).
 */
function special(t0: number): Record<string, fc.Arbitrary<unknown>> {
  return {
    windowStart: fc.integer({ min: 1, max: 24 }).chain((h) => instant(t0 + h * HOUR)),
    windowEnd: fc.integer({ min: 2, max: 5 }).chain((d) => instant(t0 + d * DAY)),
    webhookUrl: fc.constantFrom(...WEBHOOKS),
    webhookSecret: secretText("whsec"),
    calls,
  };
}

/** The optional fields of a program (t0: the test's start, whole seconds). */
function fields(t0: number) {
  const known = special(t0);
  const arbitraries = Object.fromEntries(
    OPTIONAL_BODY_FIELDS.map((name) => [
      name,
      known[name] ?? arbitraryFromSchema(name, INPUTS[name]?.schema as z.ZodType),
    ]),
  );
  return fc.record(arbitraries, { requiredKeys: [] });
}

/** A valid program for a fresh agent (so the agent's batches are this resource's alone). */
export function program(t0: number): fc.Arbitrary<Program> {
  return fc
    .record({ agentId: fc.uuid({ version: 4 }), calls, rest: fields(t0) })
    .map(({ agentId, calls, rest }) =>
      withWebhookRule({ ...rest, agentId, calls } as Program, WEBHOOKS[0] as string),
    );
}

/**
 * A later version of `before`: any subset of its body fields (from the table) replaced by other
 * values or removed. A one-way change (un-pausing) is left out: the service cannot make it, and a
 * separate rule covers it.
 */
export function changeOf(before: Program, t0: number): fc.Arbitrary<Program> {
  return fc
    .record({ other: fields(t0), calls, take: fc.subarray([...BODY_FIELDS], { minLength: 1 }) })
    .map(({ other, calls, take }) => {
      const after: Record<string, unknown> = { ...before };
      const source: Record<string, unknown> = { ...other, calls };
      for (const field of take) after[field] = source[field];
      for (const [field, { from }] of Object.entries(ONE_WAY)) {
        if (before[field] === from) after[field] = from;
      }
      return withWebhookRule(after as Program, before.webhookUrl ?? (WEBHOOKS[0] as string));
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
  pageSizeCap: fc.constantFrom(0, 0, 1, 2, 3),
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
