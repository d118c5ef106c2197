import { describe, expect, it } from "vitest";
import { BATCH } from "../fixtures";
import {
  AGENT,
  CALLER,
  checked,
  createBatch,
  DAY,
  engineCheck,
  goodArgs,
  iso,
  isoWithOffset,
  onlyRequest,
  PHONE,
  type Props,
  provider,
  UNKNOWN,
  useEmulator,
  without,
} from "./harness";

/**
 * Spellings that mean the same thing never show up as a change (and cost no request), a secret the
 * server chose is kept, and previews with unknown values check cleanly and report a change.
 */

const env = useEmulator();

/** check + diff + update against a created batch: the diff, and the requests update made. */
async function roundTrip(created: { id: string; outs: Props }, program: Props) {
  await env.admin.clearJournal();
  const news = await checked(program);
  const diff = await provider.diff!(created.id, created.outs, news);
  const updated = await provider.update!(created.id, created.outs, news);
  return { news, diff, outs: updated.outs as Props, requests: await env.admin.requests() };
}

/** The same object with its keys in reverse order, at every depth. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .reverse()
        .map(([key, item]) => [key, reversedKeys(item)]),
    );
  }
  return value;
}

describe("equivalent inputs give no diff and no request", () => {
  it("a window written with +02:00 equals the same instant in Z", async () => {
    const start = env.t0 + DAY;
    const end = env.t0 + 2 * DAY;
    const created = await createBatch(goodArgs(env, { windowStart: iso(start), windowEnd: iso(end) }));
    const program = goodArgs(env, {
      windowStart: isoWithOffset(start, 2),
      windowEnd: isoWithOffset(end, -5),
    });
    expect(program.windowStart).toMatch(/\+02:00$/);

    const { news, diff, requests } = await roundTrip(created, program);
    expect(news.windowStart).toBe(iso(start));
    expect(news.windowEnd).toBe(iso(end));
    expect(diff).toMatchObject({ changes: false, replaces: [] });
    expect(requests).toEqual([]);
  });

  it("2026-12-01T09:00:00+02:00 checks to 2026-12-01T07:00:00Z and diffs as no change", async () => {
    const base = without(goodArgs(env), "windowStart", "windowEnd");
    const olds = {
      ...(await checked({ ...base, windowStart: "2026-12-01T07:00:00Z" })),
      batchId: BATCH,
      webhookSecretChosenByServer: false,
    };
    const news = await checked({ ...base, windowStart: "2026-12-01T09:00:00+02:00" });
    expect(news.windowStart).toBe("2026-12-01T07:00:00Z");
    expect(await provider.diff!(BATCH, olds, news)).toMatchObject({
      changes: false,
    });
    const moved = await checked({ ...base, windowStart: "2026-12-01T09:00:00+01:00" });
    expect(await provider.diff!(BATCH, olds, moved)).toMatchObject({
      changes: true,
    });
  });

  it("a window created with an offset is sent and stored in UTC, and the Z spelling is no change", async () => {
    const start = env.t0 + DAY;
    const created = await createBatch(goodArgs(env, { windowStart: isoWithOffset(start, 2) }));
    const post = await onlyRequest(env);
    expect((post.body as Props).windowStart).toBe(iso(start));
    expect(created.outs.windowStart).toBe(iso(start));

    const { diff, requests } = await roundTrip(created, goodArgs(env, { windowStart: iso(start) }));
    expect(diff).toMatchObject({ changes: false });
    expect(requests).toEqual([]);
  });

  it("reordered object keys, at every depth, are no change", async () => {
    const args = goodArgs(env);
    const created = await createBatch(args);
    const reordered = reversedKeys(args) as Props;
    expect(Object.keys(reordered)).not.toEqual(Object.keys(args));

    const { diff, requests } = await roundTrip(created, reordered);
    expect(diff).toMatchObject({ changes: false, replaces: [] });
    expect(requests).toEqual([]);
  });

  it("a webhookSecret the server chose is returned, and keeping it unset is no change", async () => {
    const args = without(goodArgs(env), "webhookSecret");
    const created = await createBatch(args);
    const { json: live } = await env.admin.batch(AGENT, created.id);
    expect(live.webhookSecret).toEqual(expect.any(String));
    expect(created.outs).toMatchObject({
      webhookSecret: live.webhookSecret,
      webhookSecretChosenByServer: true,
    });

    const { diff, outs, requests } = await roundTrip(created, args);
    expect(diff).toMatchObject({ changes: false });
    expect(requests).toEqual([]);
    expect(outs).toMatchObject({ webhookSecret: live.webhookSecret, webhookSecretChosenByServer: true });
  });

  it("setting a secret later where the server chose one is a change (one PATCH with it)", async () => {
    const args = without(goodArgs(env), "webhookSecret");
    const created = await createBatch(args);
    const { diff, outs } = await roundTrip(created, { ...args, webhookSecret: "whsec-chosen-later" });
    expect(diff).toMatchObject({ changes: true });
    const patch = await onlyRequest(env);
    expect(patch.body).toEqual({ webhookSecret: "whsec-chosen-later" });
    expect(outs).toMatchObject({ webhookSecret: "whsec-chosen-later", webhookSecretChosenByServer: false });
  });
});

describe("preview with unknown values", () => {
  const PREVIEWS: Array<[string, (args: Props) => Props, string[]]> = [
    ["agentId", (a) => ({ ...a, agentId: UNKNOWN }), ["agentId"]],
    ["the whole calls array", (a) => ({ ...a, calls: UNKNOWN }), []],
    [
      "one call's medium",
      (a) => ({ ...a, calls: [{ medium: UNKNOWN }, ...(a.calls as unknown[]).slice(1)] }),
      [],
    ],
    ["windowEnd", (a) => ({ ...a, windowEnd: UNKNOWN }), []],
    [
      "one phone number",
      (a) => ({
        ...a,
        calls: [
          ...(a.calls as unknown[]),
          { medium: { twilio: { outgoing: { to: UNKNOWN, from: CALLER } } } },
        ],
      }),
      [],
    ],
  ];

  it.each(PREVIEWS)("unknown %s: check passes, diff reports a change", async (_name, preview, replaces) => {
    const args = goodArgs(env);
    const created = await createBatch(args);
    await env.admin.clearJournal();

    const result = await engineCheck(preview(args), args);
    expect(result.failures ?? []).toEqual([]);
    const diff = await provider.diff!(created.id, created.outs, result.inputs as Props);
    expect(diff).toMatchObject({ changes: true, replaces });
    expect(await env.admin.journal()).toEqual([]);
  });

  it("unknown values do not hide a real error elsewhere", async () => {
    const args = goodArgs(env, {
      windowEnd: UNKNOWN,
      calls: [{ medium: UNKNOWN }, { medium: { twilio: { outgoing: { to: "0123", from: CALLER } } } }],
    });
    const result = await engineCheck(args);
    expect(result.failures).toEqual([
      {
        property: "",
        reason: expect.stringMatching(/^calls\[1\]\.medium\.twilio\.outgoing\.to \(value \*\*\*\*\): /),
      },
    ]);
  });

  it("an unknown webhookUrl does not trip the webhook rules", async () => {
    const args = {
      agentId: AGENT,
      webhookUrl: UNKNOWN,
      calls: [{ medium: { twilio: { outgoing: { to: PHONE, from: CALLER } } } }],
    };
    const result = await engineCheck(args);
    expect(result.failures ?? []).toEqual([]);
  });
});
