import { describe, expect, it } from "vitest";
import {
  AGENT,
  API_KEY,
  batchPath,
  checked,
  createBatch,
  goodArgs,
  iso,
  onlyRequest,
  provider,
  rejection,
  SECOND,
  useEmulator,
  WEBHOOK_SECRET,
  without,
} from "./harness";

/** Errors from the API reach the user with the status and the API's own words, and no secrets. */

const env = useEmulator();

/** The emulator's clock now (it is manual, so this is the instant it checks windows against). */
async function emulatorNow(): Promise<number> {
  const { json } = await env.admin.request("GET", "/_emulator/clock");
  return Date.parse((json as { now: string }).now);
}

function expectNoSecrets(error: Error): void {
  const text = `${error.message}\n${error.stack ?? ""}\n${JSON.stringify(error)}`;
  expect(text).not.toContain(API_KEY);
  expect(text).not.toContain(WEBHOOK_SECRET);
}

describe("API errors", () => {
  it("a window the API finds too short: 400 with its message, one POST, nothing created", async () => {
    const now = await emulatorNow();
    const args = without(
      goodArgs(env, { windowEnd: iso(Math.ceil(now / SECOND) * SECOND + 10 * SECOND) }),
      "windowStart",
    );
    const inputs = await checked(args); // the provider does not know the server's minimum window
    const before = (await env.admin.batches(AGENT)).length;
    await env.admin.clearJournal();

    const error = await rejection(provider.create(inputs));

    expect(error.message).toContain("400");
    expect(error.message).toContain("Batch window is too short");
    expectNoSecrets(error);
    const post = await onlyRequest(env);
    expect([post.method, post.status]).toEqual(["POST", 400]);
    expect(await env.admin.batches(AGENT)).toHaveLength(before);
  });

  it("an update of a batch deleted out of band: 404 with the API's message", async () => {
    const args = goodArgs(env);
    const { id, outs } = await createBatch(args);
    expect((await env.admin.request("DELETE", batchPath(id))).status).toBe(204);
    const news = await checked({ ...args, throttle: "night-shift" }, args);
    await env.admin.clearJournal();

    const error = await rejection(provider.update!(id, outs, news));

    expect(error.message).toContain("404");
    expect(error.message).toContain("Not found.");
    expect(error.message).toContain(id);
    expectNoSecrets(error);
    const patch = await onlyRequest(env);
    expect([patch.method, patch.status]).toEqual(["PATCH", 404]);
  });

  it("a PATCH the API rejects (a window too short): 400 with the service's reason, secret scrubbed", async () => {
    // Its own throttle, so the batch never matches another test's create request.
    const args = goodArgs(env, { throttle: "too-short-window" });
    const { id, outs } = await createBatch(args);
    // check cannot know the service's clock: a window closing 30 s from now passes it.
    const after = {
      ...without(args, "windowStart"),
      windowEnd: iso(env.t0 + 30 * SECOND),
      webhookSecret: `${WEBHOOK_SECRET}-2`,
    };
    const news = await checked(after, args);
    await env.admin.clearJournal();

    const error = await rejection(provider.update!(id, outs, news));

    expect(error.message).toContain("400");
    expect(error.message).toContain("Batch window is too short");
    expectNoSecrets(error);
    const patch = await onlyRequest(env);
    expect(patch.body).toEqual({
      windowStart: null,
      windowEnd: iso(env.t0 + 30 * SECOND),
      webhookSecret: `${WEBHOOK_SECRET}-2`,
    });
  });

  it("a 500 on create is reported with its status and the POST is not repeated", async () => {
    const inputs = await checked(goodArgs(env));
    await env.admin.addFault({ kind: "status", status: 500, method: "POST" });
    const before = (await env.admin.batches(AGENT)).length;
    await env.admin.clearJournal();

    const error = await rejection(provider.create(inputs));

    expect(error.message).toContain("500");
    expectNoSecrets(error);
    // It may look for a batch the failed POST could have stored, but never posts twice.
    const journal = await env.admin.journal();
    expect(
      journal.filter((entry) => entry.method !== "GET").map((entry) => [entry.method, entry.status]),
    ).toEqual([["POST", 500]]);
    expect(await env.admin.batches(AGENT)).toHaveLength(before);
  });

  it("a 503 on an update is retried and then succeeds", async () => {
    const args = goodArgs(env);
    const { id, outs } = await createBatch(args);
    const news = await checked({ ...args, throttle: "night-shift" }, args);
    await env.admin.addFault({ kind: "status", status: 503, method: "PATCH", retryAfter: 0 });
    await env.admin.clearJournal();

    const result = await provider.update!(id, outs, news);

    const journal = await env.admin.journal();
    expect(journal.map((entry) => [entry.method, entry.status])).toEqual([
      ["PATCH", 503],
      ["PATCH", 200],
    ]);
    expect(result.outs).toMatchObject({ throttle: "night-shift", batchId: id });
  });
});
