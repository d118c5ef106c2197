import { describe, expect, it } from "vitest";
import {
  AGENT,
  batchPath,
  CALLER,
  checked,
  createBatch,
  DAY,
  engineForm,
  goodArgs,
  iso,
  OTHER_AGENT,
  onlyRequest,
  type Props,
  provider,
  useEmulator,
  WEBHOOK_SECRET,
  without,
} from "./harness";

/**
 * One program change = check -> diff -> update through the forwarder, against a batch made by a
 * prior create: exactly one PATCH carrying exactly the changed fields, and complete outputs back.
 */

const env = useEmulator();

const NEW_CALLS = [
  { medium: { sip: { outgoing: { to: "sip:grace@sip.example.com", username: "grace" } } } },
  { medium: { serverWebSocket: { inputSampleRate: 16000 } }, metadata: { customer: "c-9" } },
  { medium: { telnyx: { outgoing: { to: "+442071838750", from: CALLER } } } },
];

/** [what changes, the new program inputs, the exact PATCH body expected]. */
const CHANGES: Array<[string, (args: Props) => Props, (args: Props) => Props]> = [
  [
    "windowStart only",
    (a) => ({ ...a, windowStart: iso(env.t0 + 1.5 * DAY) }),
    () => ({ windowStart: iso(env.t0 + 1.5 * DAY) }),
  ],
  [
    "windowEnd only",
    (a) => ({ ...a, windowEnd: iso(env.t0 + 3 * DAY) }),
    () => ({ windowEnd: iso(env.t0 + 3 * DAY) }),
  ],
  ["clearing windowEnd", (a) => without(a, "windowEnd"), () => ({ windowEnd: null })],
  ["paused", (a) => ({ ...a, paused: true }), () => ({ paused: true })],
  [
    "webhookUrl",
    (a) => ({ ...a, webhookUrl: "https://hooks.example.com/v2" }),
    () => ({ webhookUrl: "https://hooks.example.com/v2" }),
  ],
  [
    "webhookSecret",
    (a) => ({ ...a, webhookSecret: "whsec-rotated-0b7c" }),
    () => ({ webhookSecret: "whsec-rotated-0b7c" }),
  ],
  ["throttle", (a) => ({ ...a, throttle: "night-shift" }), () => ({ throttle: "night-shift" })],
  ["clearing throttle", (a) => without(a, "throttle"), () => ({ throttle: null })],
  ["calls", (a) => ({ ...a, calls: NEW_CALLS }), () => ({ calls: NEW_CALLS })],
  [
    "two fields at once",
    (a) => ({ ...a, windowStart: iso(env.t0 + 1.25 * DAY), paused: true }),
    () => ({ windowStart: iso(env.t0 + 1.25 * DAY), paused: true }),
  ],
];

/**
 * What the live batch holds for each PATCHed field (the API answers null for cleared ones), window
 * timestamps in the provider's spelling (the emulator writes `.000Z`).
 */
function liveView(live: Props, fields: string[]): Props {
  const value = (field: string) =>
    field.startsWith("window") && typeof live[field] === "string"
      ? iso(Date.parse(live[field] as string))
      : live[field];
  return Object.fromEntries(fields.map((field) => [field, value(field)]));
}

/** The server-side fields the outputs must carry, from the emulator itself. */
async function serverFields(batchId: string, callCount: number) {
  const { status, json } = await env.admin.batch(AGENT, batchId);
  expect(status).toBe(200);
  expect(json.totalCount).toBe(callCount);
  return { batchId, created: json.created, totalCount: callCount, completedCount: 0 };
}

describe("update: one program change becomes one minimal PATCH", () => {
  it.each(CHANGES)("%s", async (_name, change, expectedBody) => {
    const before = goodArgs(env);
    const { id, outs } = await createBatch(before);
    const after = change(before);
    await env.admin.clearJournal();

    const news = await checked(after, before);
    const diff = await provider.diff!(id, outs, news);
    expect(diff).toMatchObject({ changes: true, replaces: [] });
    expect(await env.admin.journal()).toEqual([]); // check and diff are pure

    const result = await provider.update!(id, outs, news);

    const patch = await onlyRequest(env);
    expect(patch.method).toBe("PATCH");
    expect(patch.path).toBe(batchPath(id));
    expect(patch.status).toBe(200);
    expect(patch.body).toEqual(expectedBody(before));

    // The emulator applied it.
    const body = expectedBody(before);
    const { json: live } = await env.admin.batch(AGENT, id);
    const scalarFields = Object.keys(body).filter((field) => field !== "calls");
    expect(liveView(live, scalarFields)).toEqual(body.calls ? {} : body);
    if (body.calls) expect(await env.admin.storedCalls(AGENT, id)).toEqual(NEW_CALLS);

    // Complete outputs: everything declared after the change, plus what only the server knows.
    const calls = after.calls as unknown[];
    expect(result.outs).toEqual(
      engineForm({
        ...after,
        ...(await serverFields(id, calls.length)),
        webhookSecretChosenByServer: false,
        // A window end the program leaves out: what the service holds there (nothing) is recorded.
        ...(after.windowEnd === undefined ? { windowEndFilledByServer: "" } : {}),
        stateVersion: 3,
      }),
    );
    expect((result.outs as Props).created).toBe(outs.created);
  });

  it("no change: diff reports none and update sends no request, yet returns complete outputs", async () => {
    const args = goodArgs(env);
    const { id, outs } = await createBatch(args);
    await env.admin.clearJournal();

    const news = await checked(args, args);
    const diff = await provider.diff!(id, outs, news);
    expect(diff).toMatchObject({ changes: false, replaces: [] });
    const result = await provider.update!(id, outs, news);

    expect(await env.admin.journal()).toEqual([]);
    expect(result.outs).toEqual(
      engineForm({
        ...args,
        ...(await serverFields(id, 2)),
        webhookSecret: WEBHOOK_SECRET,
        webhookSecretChosenByServer: false,
        stateVersion: 3,
      }),
    );
  });

  it("removing webhookSecret from the program PATCHes null and keeps the secret the server picks", async () => {
    const before = goodArgs(env);
    const { id, outs } = await createBatch(before);
    const after = without(before, "webhookSecret");
    await env.admin.clearJournal();

    const news = await checked(after, before);
    expect(await provider.diff!(id, outs, news)).toMatchObject({ changes: true, replaces: [] });
    const result = await provider.update!(id, outs, news);

    const patch = await onlyRequest(env);
    expect(patch.body).toEqual({ webhookSecret: null });
    const { json: live } = await env.admin.batch(AGENT, id);
    expect(live.webhookSecret).not.toBe(WEBHOOK_SECRET);
    expect(result.outs).toEqual(
      engineForm({
        ...after,
        ...(await serverFields(id, 2)),
        webhookSecret: live.webhookSecret,
        webhookSecretChosenByServer: true,
        stateVersion: 3,
      }),
    );

    // The program still sets no secret: from now on, no change.
    const stored = { ...(result.outs as Props), __provider: outs.__provider };
    expect(await provider.diff!(id, stored, await checked(after, after))).toMatchObject({ changes: false });
  });

  it("an agentId change is a replacement, proven possible by one GET of the new agent", async () => {
    const args = goodArgs(env);
    const { id, outs } = await createBatch(args);
    await env.admin.clearJournal();

    const news = await checked({ ...args, agentId: OTHER_AGENT }, args);
    const diff = await provider.diff!(id, outs, news);
    expect(diff).toMatchObject({ changes: true, replaces: ["agentId"] });
    // The one request a preview may send: read-only, and only because agentId changes.
    const journal = await env.admin.journal();
    expect(journal.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
      `GET /api/agents/${OTHER_AGENT} 200`,
    ]);
  });

  it("an agentId change plus a field change still names only agentId as the replace reason", async () => {
    const args = goodArgs(env);
    const { id, outs } = await createBatch(args);
    const news = await checked({ ...args, agentId: OTHER_AGENT, throttle: "other" }, args);
    expect(await provider.diff!(id, outs, news)).toMatchObject({ changes: true, replaces: ["agentId"] });
  });

  it("a second update after the first diffs against the new outputs: no further change", async () => {
    const before = goodArgs(env);
    const { id, outs } = await createBatch(before);
    const after = { ...before, throttle: "night-shift", windowEnd: iso(env.t0 + 4 * DAY) };
    const news = await checked(after, before);
    const first = await provider.update!(id, outs, news);
    await env.admin.clearJournal();

    const stored = { ...(first.outs as Props), __provider: outs.__provider };
    const again = await checked(after, after);
    expect(await provider.diff!(id, stored, again)).toMatchObject({ changes: false });
    await provider.update!(id, stored, again);
    expect(await env.admin.journal()).toEqual([]);
  });
});
