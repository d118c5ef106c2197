import { callThrottleProvider as throttles } from "pulumi-ultravox";
import { afterEach, describe, expect, it } from "vitest";
import { API_KEY, onlyRequest, type Props, rejection, useEmulator, withProviderKey } from "./harness";

/**
 * A CallThrottle through its built forwarder against the emulator over HTTP: the same promises as
 * a batch. One POST to create; nothing sent for no change; one PATCH holding exactly what changed;
 * drift on refresh; adoption; and a POST with an unknown outcome never re-sent.
 */

const env = useEmulator();

const GENTLE = { name: "gentle", rules: [{ maxCalls: 5, windowSeconds: 60 }] };
const THROTTLES = "/api/call_throttles";

afterEach(async () => {
  await env.admin.request("POST", "/_emulator/reset");
});

async function checked(news: Props, olds: Props = {}): Promise<Props> {
  const result = await throttles.check!(olds, withProviderKey(news));
  expect(result.failures ?? []).toEqual([]);
  return withProviderKey(result.inputs as Props);
}

async function create(args: Props): Promise<{ id: string; outs: Props }> {
  const result = await throttles.create(await checked(args));
  return { id: result.id, outs: withProviderKey(result.outs as Props) };
}

/** The throttles the emulator holds, as the API lists them. */
async function listed(): Promise<Props[]> {
  const response = await fetch(`${env.emulator.url}${THROTTLES}`, { headers: { "X-API-Key": API_KEY } });
  return ((await response.json()) as { results: Props[] }).results;
}

describe("CallThrottle against the emulator", () => {
  it("creates with one POST and records the service's id and time", async () => {
    const { id, outs } = await create(GENTLE);
    const post = await onlyRequest(env);
    expect([post.method, post.path, post.body]).toEqual(["POST", THROTTLES, GENTLE]);
    expect(outs).toMatchObject({ ...GENTLE, throttleId: id, stateVersion: 1 });
    expect(await listed()).toEqual([expect.objectContaining({ throttleId: id, ...GENTLE })]);
  });

  it("fails check with the rule's path, before any request", async () => {
    const result = await throttles.check!(
      {},
      {
        name: "g",
        rules: [
          { maxCalls: 5, windowSeconds: 60 },
          { maxCalls: 500, windowSeconds: 60 },
        ],
      },
    );
    expect(result.failures).toEqual([
      { property: "", reason: "rules[1].maxCalls (value 500): must be at most 100" },
    ]);
    expect(await env.admin.journal()).toEqual([]);
  });

  it("sends nothing for an unchanged program, and one PATCH with only the changed field", async () => {
    const { id, outs } = await create(GENTLE);
    await env.admin.clearJournal();
    const same = await checked(GENTLE, outs);
    expect((await throttles.diff!(id, outs, same)).changes).toBe(false);
    await throttles.update!(id, outs, same);
    expect(await env.admin.journal()).toEqual([]);

    const rules = [...GENTLE.rules, { maxCalls: 40, windowSeconds: 3600 }];
    const news = await checked({ ...GENTLE, rules }, outs);
    expect(await throttles.diff!(id, outs, news)).toMatchObject({ changes: true, replaces: [] });
    const { outs: after } = await throttles.update!(id, outs, news);
    const patch = await onlyRequest(env);
    expect([patch.method, patch.path, patch.body]).toEqual(["PATCH", `${THROTTLES}/${id}`, { rules }]);
    expect(after).toMatchObject({ rules });
  });

  it("shows a change made in the dashboard as drift on refresh", async () => {
    const { id, outs } = await create(GENTLE);
    await env.admin.request("PATCH", `/_emulator/call_throttles/${id}`, { name: "console" });
    const read = await throttles.read!(id, outs);
    expect(read.props).toMatchObject({ name: "console", rules: GENTLE.rules });
    expect(read.inputs).toMatchObject({ name: "console" });
    const refreshed = withProviderKey(read.props as Props);
    const news = await checked(GENTLE, read.inputs as Props);
    expect(await throttles.diff!(id, refreshed, news)).toMatchObject({ changes: true });
    await env.admin.clearJournal();
    await throttles.update!(id, refreshed, news);
    expect((await onlyRequest(env)).body).toEqual({ name: "gentle" });
  });

  it("adopts an existing throttle: one GET, then one PATCH of what differs, no POST", async () => {
    const made = await fetch(`${env.emulator.url}${THROTTLES}`, {
      method: "POST",
      headers: { "X-API-Key": API_KEY, "Content-Type": "application/json" },
      body: JSON.stringify({ name: "made-elsewhere", rules: GENTLE.rules }),
    });
    const { throttleId } = (await made.json()) as { throttleId: string };
    await env.admin.clearJournal();
    const { id, outs } = await create({ ...GENTLE, adoptThrottleId: throttleId });
    expect(id).toBe(throttleId);
    const journal = await env.admin.journal();
    expect(journal.map((e) => `${e.method} ${e.path} ${JSON.stringify(e.body)}`)).toEqual([
      `GET ${THROTTLES}/${throttleId} null`,
      `PATCH ${THROTTLES}/${throttleId} {"name":"gentle"}`,
    ]);
    expect(outs).toMatchObject({ ...GENTLE, throttleId, adoptThrottleId: throttleId });
  });

  it("after a POST whose answer was lost, takes the throttle it made instead of posting again", async () => {
    await env.admin.addFault({
      kind: "status",
      status: 502,
      processed: true,
      method: "POST",
      path: "/call_throttles$",
    });
    const { id, outs } = await create(GENTLE);
    const requests = (await env.admin.journal()).map((e) => `${e.method} ${e.path}`);
    expect(requests.filter((r) => r.startsWith("POST"))).toEqual([`POST ${THROTTLES}`]);
    expect(requests).toContain(`GET ${THROTTLES}`);
    expect(await listed()).toEqual([expect.objectContaining({ throttleId: id })]);
    expect(outs).toMatchObject({ ...GENTLE, throttleId: id });
  });

  it("after a POST that never arrived, says so and does not post again", async () => {
    await env.admin.addFault({ kind: "drop-before", method: "POST", path: "/call_throttles$" });
    const error = await rejection(create(GENTLE));
    expect(error.message).toMatch(
      /may or may not have happened.*not re-sent.*No throttle has this name and these rules/,
    );
    expect(error.message).toMatch(/adoptThrottleId/);
    const posts = (await env.admin.journal()).filter((e) => e.method === "POST");
    expect(posts).toHaveLength(1);
    expect(await listed()).toEqual([]);
  });

  it("after a 201 naming only the throttleId, reads it back with one GET instead of posting again", async () => {
    await env.admin.addFault({ kind: "only-id", method: "POST", path: "/call_throttles$" });
    const { id, outs } = await create(GENTLE);
    const requests = (await env.admin.journal()).map((e) => `${e.method} ${e.path}`);
    expect(requests).toEqual([`POST ${THROTTLES}`, `GET ${THROTTLES}/${id}`]);
    expect(outs).toMatchObject({ ...GENTLE, throttleId: id });
  });

  it("never takes a throttle another resource of this run owns, however alike", async () => {
    const { id: theirs } = await create(GENTLE);
    await env.admin.addFault({ kind: "drop-before", method: "POST", path: "/call_throttles$" });
    const error = await rejection(create(GENTLE));
    expect(error.message).toMatch(/No throttle has this name and these rules/);
    expect(await listed()).toEqual([expect.objectContaining({ throttleId: theirs })]);
  });

  it("deletes with one DELETE, and a refresh of a deleted throttle drops it", async () => {
    const { id, outs } = await create(GENTLE);
    await env.admin.clearJournal();
    await throttles.delete!(id, outs);
    const del = await onlyRequest(env);
    expect([del.method, del.path, del.status]).toEqual(["DELETE", `${THROTTLES}/${id}`, 204]);
    expect(await throttles.read!(id, outs)).toEqual({ id: "", props: {} });
  });
});
