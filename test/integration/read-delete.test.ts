import { describe, expect, it } from "vitest";
import {
  AGENT,
  batchPath,
  checked,
  createBatch,
  DAY,
  engineForm,
  goodArgs,
  iso,
  isoWithOffset,
  onlyRequest,
  PROVIDER_TEXT,
  type Props,
  provider,
  useEmulator,
} from "./harness";

/** refresh (read) and destroy (delete) through the forwarder against the emulator. */

const env = useEmulator();

async function patchOutOfBand(batchId: string, body: Props): Promise<void> {
  const { status } = await env.admin.request("PATCH", batchPath(batchId), body);
  expect(status).toBe(200);
}

async function deleteOutOfBand(batchId: string): Promise<void> {
  const { status } = await env.admin.request("DELETE", batchPath(batchId));
  expect(status).toBe(204);
}

describe("read", () => {
  it("maps the live batch to inputs with one GET: drift shows, calls are kept", async () => {
    const args = goodArgs(env);
    const { id, outs } = await createBatch(args);
    const newEnd = env.t0 + 5 * DAY;
    await patchOutOfBand(id, {
      throttle: "changed-in-console",
      windowEnd: isoWithOffset(newEnd, 2),
      paused: true,
    });
    await env.admin.clearJournal();

    const result = await provider.read!(id, outs);

    const get = await onlyRequest(env);
    expect(`${get.method} ${get.path}`).toBe(`GET ${batchPath(id)}`);
    expect(result.id).toBe(id);
    expect(result.inputs).toEqual(
      engineForm({
        ...args,
        throttle: "changed-in-console",
        windowEnd: iso(newEnd),
        paused: true,
      }),
    );
    const { json: live } = await env.admin.batch(AGENT, id);
    expect(result.props).toMatchObject({
      ...(result.inputs as Props),
      batchId: id,
      created: live.created,
      totalCount: 2,
      completedCount: 0,
      webhookSecretChosenByServer: false,
    });
  });

  it("after a refresh, the unchanged program diffs against the drift and one PATCH undoes it", async () => {
    const args = goodArgs(env);
    const { id, outs } = await createBatch(args);
    await patchOutOfBand(id, { throttle: "changed-in-console", windowEnd: iso(env.t0 + 5 * DAY) });
    const refreshed = await provider.read!(id, outs);
    const stored = { ...(refreshed.props as Props), __provider: PROVIDER_TEXT };
    await env.admin.clearJournal();

    const news = await checked(args, refreshed.inputs as Props);
    expect(await provider.diff!(id, stored, news)).toMatchObject({ changes: true, replaces: [] });
    await provider.update!(id, stored, news);
    const patch = await onlyRequest(env);
    expect(patch.body).toEqual({ windowEnd: args.windowEnd, throttle: args.throttle });
  });

  it("a server-chosen webhookSecret stays out of the refreshed inputs", async () => {
    const args = goodArgs(env);
    delete args.webhookSecret;
    const { id, outs } = await createBatch(args);
    const result = await provider.read!(id, outs);
    const { json: live } = await env.admin.batch(AGENT, id);
    expect(result.inputs).not.toHaveProperty("webhookSecret");
    expect(result.props).toMatchObject({
      webhookSecret: live.webhookSecret,
      webhookSecretChosenByServer: true,
    });
  });

  it("a batch deleted out of band stays as a tombstone marked deletedOutsideAt", async () => {
    const { id, outs } = await createBatch(goodArgs(env));
    await deleteOutOfBand(id);
    await env.admin.clearJournal();

    const before = Date.now();
    const result = await provider.read!(id, outs);
    expect(result.id).toBe(id);
    // The last known counts stay; the engine keeps the stored inputs (none returned).
    expect(result.props).toMatchObject({ totalCount: outs.totalCount, completedCount: outs.completedCount });
    expect(Date.parse(result.props.deletedOutsideAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(result.inputs).toBeUndefined();
    // The batch's 404, then the proof that the agent is visible under this key.
    const journal = await env.admin.journal();
    expect(journal.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([
      `GET ${batchPath(id)} 404`,
      `GET /api/agents/${AGENT}/scheduled_batches 200`,
    ]);
  });
});

describe("a tombstone", () => {
  it("refresh and delete send no request for it", async () => {
    const { id, outs } = await createBatch(goodArgs(env));
    await deleteOutOfBand(id);
    const tombstone = (await provider.read!(id, outs)).props;
    await env.admin.clearJournal();

    expect(await provider.read!(id, tombstone)).toEqual({ id, props: tombstone });
    await provider.delete!(id, tombstone);
    expect(await env.admin.journal()).toEqual([]);
  });
});

describe("delete", () => {
  it("sends one DELETE and the batch is gone", async () => {
    const { id, outs } = await createBatch(goodArgs(env));
    await env.admin.clearJournal();

    await provider.delete!(id, outs);
    const request = await onlyRequest(env);
    expect([request.method, request.path, request.status]).toEqual(["DELETE", batchPath(id), 204]);
    expect((await env.admin.batch(AGENT, id)).status).toBe(404);
  });

  it("deleting a batch that is already gone (404) succeeds", async () => {
    const { id, outs } = await createBatch(goodArgs(env));
    await provider.delete!(id, outs);
    await env.admin.clearJournal();

    await expect(provider.delete!(id, outs)).resolves.toBeUndefined();
    const journal = await env.admin.journal();
    expect(journal.map((e) => `${e.method} ${e.status}`)).toEqual(["DELETE 404", "GET 200"]);
  });

  it("other errors on delete are not swallowed", async () => {
    const { id, outs } = await createBatch(goodArgs(env));
    await env.admin.addFault({ kind: "status", status: 500, method: "DELETE" });
    await expect(provider.delete!(id, outs)).rejects.toThrow(/500/);
    expect((await env.admin.batch(AGENT, id)).status).toBe(200);
  });
});
