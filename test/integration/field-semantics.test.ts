import { describe, expect, it } from "vitest";
import { BATCH, OTHER_BATCH } from "../fixtures";
import {
  AGENT,
  batchPath,
  CALLER,
  checked,
  createBatch,
  engineCheck,
  goodArgs,
  OTHER_AGENT,
  onlyRequest,
  PHONE,
  PROVIDER_TEXT,
  type Props,
  provider,
  rejection,
  useEmulator,
  without,
  withProviderKey,
} from "./harness";

/**
 * What the field table declares, seen through the forwarder against the emulator: each rule as the
 * engine meets it (check with the previous inputs, diff with the stored outputs, update, read).
 */

const env = useEmulator();

/** A batch made directly through the API (as in the console), so no resource of this run claims it. */
async function consoleBatch(args: Props): Promise<string> {
  const path = `/api/agents/${AGENT}/scheduled_batches`;
  const { status, json } = await env.admin.request("POST", path, without(args, "agentId"));
  expect(status).toBe(201);
  return (json as { batchId: string }).batchId;
}

async function patchOutOfBand(batchId: string, body: Props): Promise<void> {
  const { status } = await env.admin.request("PATCH", batchPath(batchId), body);
  expect(status).toBe(200);
}

/** refresh as the engine runs it: read, then the engine stores props (+__provider) and inputs. */
async function refresh(id: string, outs: Props): Promise<{ stored: Props; inputs: Props }> {
  const result = await provider.read!(id, outs);
  return {
    stored: { ...(result.props as Props), __provider: PROVIDER_TEXT },
    inputs: { ...(result.inputs as Props), __provider: PROVIDER_TEXT },
  };
}

describe("paused is one-way", () => {
  it("a pause made outside Pulumi, refreshed, then the unchanged program: preview fails clearly, no request", async () => {
    const args = goodArgs(env); // paused absent
    const { id, outs } = await createBatch(args);
    await patchOutOfBand(id, { paused: true });
    const { stored, inputs } = await refresh(id, outs);
    await env.admin.clearJournal();

    // check sees the refreshed inputs as olds...
    const result = await engineCheck(args, inputs);
    expect(result.failures).toEqual([
      { property: "paused", reason: expect.stringMatching(/cannot resume a paused batch.*--replace/s) },
    ]);
    // ...and diff, with the stored outputs, reports a change (it must not throw: `pulumi refresh`
    // calls diff too), which the update then refuses before any request.
    const news = await checked(args); // olds empty, as after `pulumi up --replace`
    expect(await provider.diff!(id, stored, news)).toMatchObject({ changes: true });
    await expect(provider.update!(id, stored, news)).rejects.toThrow(/paused.*cannot resume a paused batch/s);
    expect(await env.admin.journal()).toEqual([]);
  });

  it("keeping paused: true after the refresh is no change and sends nothing", async () => {
    const args = goodArgs(env);
    const { id, outs } = await createBatch(args);
    await patchOutOfBand(id, { paused: true });
    const { stored, inputs } = await refresh(id, outs);
    await env.admin.clearJournal();

    const news = await checked({ ...args, paused: true }, inputs);
    expect(await provider.diff!(id, stored, news)).toMatchObject({ changes: false });
    await provider.update!(id, stored, news);
    expect(await env.admin.journal()).toEqual([]);
  });

  it("a program that set paused: true and now sets false fails at check, before a PATCH the service rejects", async () => {
    const args = goodArgs(env, { paused: true });
    await createBatch(args);
    const result = await engineCheck({ ...args, paused: false }, args);
    expect(result.failures?.map((f) => f.property)).toEqual(["paused"]);
  });

  it("adopting a paused batch with a program that does not pause it fails before any PATCH", async () => {
    const id = await consoleBatch(goodArgs(env, { paused: true, throttle: "to-adopt" }));
    await env.admin.clearJournal();
    const inputs = await checked(goodArgs(env, { adoptBatchId: id, throttle: "to-adopt" }));
    const error = await rejection(provider.create(inputs));
    expect(error.message).toMatch(/adoptBatchId: cannot adopt batch .*cannot resume a paused batch/s);
    const journal = await env.admin.journal();
    expect(journal.map((entry) => entry.method)).not.toContain("PATCH");
  });
});

describe("adoptBatchId is create-only", () => {
  it("another adoptBatchId added after create fails at preview, at diff, and is never sent", async () => {
    const args = goodArgs(env);
    const { id, outs } = await createBatch(args);
    const changed = { ...args, adoptBatchId: OTHER_BATCH, throttle: "other" };
    await env.admin.clearJournal();

    // check cannot judge it (the previous inputs hold no batch id)...
    expect((await engineCheck(changed, args)).failures ?? []).toEqual([]);
    // ...diff, which knows the batch id, fails the preview, naming the managed batch; update refuses too.
    const news = await checked(changed);
    const refused = new RegExp(`adoptBatchId only takes effect when.*batch ${id}`);
    await expect(provider.diff!(id, outs, news)).rejects.toThrow(refused);
    await expect(provider.update!(id, outs, news)).rejects.toThrow(refused);
    expect(await env.admin.journal()).toEqual([]);
  });

  it("check fails too when the previous inputs adopted another batch", async () => {
    const args = goodArgs(env, { adoptBatchId: OTHER_BATCH });
    const result = await engineCheck({ ...args, adoptBatchId: BATCH }, args);
    expect(result.failures?.map((f) => f.property)).toEqual(["adoptBatchId"]);
  });

  it("removing adoptBatchId after the adoption is no change", async () => {
    const existing = await consoleBatch(goodArgs(env, { throttle: "adopt-then-forget" }));
    const adopting = goodArgs(env, { adoptBatchId: existing, throttle: "adopt-then-forget" });
    const created = await provider.create(await checked(adopting));
    const outs = { ...(created.outs as Props), __provider: PROVIDER_TEXT };
    const news = await checked(without(adopting, "adoptBatchId"), adopting);
    expect(await provider.diff!(existing, outs, news)).toMatchObject({ changes: false });
  });
});

describe("agentId replaces, deleting first", () => {
  it("diff asks for a delete-before-replace: two batches never dial the same people at once", async () => {
    const args = goodArgs(env);
    const { id, outs } = await createBatch(args);
    const news = await checked({ ...args, agentId: OTHER_AGENT }, args);
    expect(await provider.diff!(id, outs, news)).toEqual({
      changes: true,
      replaces: ["agentId"],
      deleteBeforeReplace: true,
    });
  });
});

describe("absent is not cleared: a key missing from a response says nothing, only null clears", () => {
  it("refresh of a response without throttle and windowEnd keeps them: no diff, no request", async () => {
    const args = goodArgs(env);
    const { id, outs } = await createBatch(args);
    // The schema requires neither key: a service version or proxy that leaves them out would answer so.
    const { json: live } = await env.admin.batch(AGENT, id);
    const { throttle: _t, windowEnd: _w, ...partial } = live as Props;
    const { stored, inputs } = await refreshWith(id, outs, partial);
    expect(inputs).toMatchObject({ throttle: args.throttle, windowEnd: args.windowEnd });
    const news = await checked(args, inputs);
    await env.admin.clearJournal();
    expect(await provider.diff!(id, stored, news)).toMatchObject({ changes: false });
    expect(await env.admin.journal()).toEqual([]);
  });

  it("a webhookSecret missing from a response (redacted) keeps the stored one", async () => {
    const args = goodArgs(env);
    const { id, outs } = await createBatch(args);
    const { json: live } = await env.admin.batch(AGENT, id);
    const { webhookSecret: _s, ...redacted } = live as Props;
    const { stored, inputs } = await refreshWith(id, outs, redacted);
    expect(await provider.diff!(id, stored, await checked(args, inputs))).toMatchObject({ changes: false });
  });

  it("a null from the server clears the field, so the next plan restores it", async () => {
    const args = goodArgs(env);
    const { id, outs } = await createBatch(args);
    await patchOutOfBand(id, { throttle: null });
    const { stored, inputs } = await refresh(id, outs);
    expect(inputs).not.toHaveProperty("throttle");
    await env.admin.clearJournal();
    const news = await checked(args, inputs);
    await provider.update!(id, stored, news);
    expect((await onlyRequest(env)).body).toEqual({ throttle: args.throttle });
  });
});

describe("stored state is decoded and versioned", () => {
  it("state written before stateVersion existed (version 1) is read, diffed and updated", async () => {
    const args = goodArgs(env);
    const { id, outs } = await createBatch(args);
    const { stateVersion, calls: _text, callSecrets: _none, ...rest } = outs;
    expect(stateVersion).toBe(3);
    const v1 = { ...rest, calls: args.calls }; // version 1 stored the list itself
    const news = await checked(args, args);
    expect(await provider.diff!(id, v1, news)).toMatchObject({ changes: false });
    const result = await provider.update!(id, v1, news);
    expect(result.outs).toMatchObject({ stateVersion: 3, batchId: id });
    const read = await provider.read!(id, v1);
    expect(read.props).toMatchObject({ stateVersion: 3, batchId: id });
  });

  it("state of version 2 (calls as a list, passwords inline) shows no change and migrates on the next write", async () => {
    const args = goodArgs(env, {
      webhookUrl: undefined,
      webhookSecret: undefined,
      calls: [
        { medium: { sip: { outgoing: { to: "sip:a@sip.example.com", username: "a", password: "pw-one" } } } },
        { medium: { twilio: { outgoing: { to: PHONE, from: CALLER } } } },
      ],
    });
    const { id, outs } = await createBatch(args);
    expect(outs.calls).toBe(
      '{"medium":{"sip":{"outgoing":{"password":"$secret:0","to":"sip:a@sip.example.com","username":"a"}}}}\n' +
        `{"medium":{"twilio":{"outgoing":{"from":"${CALLER}","to":"${PHONE}"}}}}\n`,
    );
    expect(outs.callSecrets).toEqual(["pw-one"]);
    const { calls: _text, callSecrets: _secrets, ...rest } = outs;
    const v2 = { ...rest, calls: args.calls, stateVersion: 2 };
    await env.admin.clearJournal();

    const news = await checked(args, v2);
    expect(await provider.diff!(id, v2, news)).toMatchObject({ changes: false });
    const result = await provider.update!(id, v2, news);
    expect(await env.admin.journal()).toEqual([]);
    expect(result.outs).toMatchObject({ stateVersion: 3, calls: outs.calls, callSecrets: ["pw-one"] });

    // A changed password in version-2 state is still seen, and the PATCH carries the real one.
    const changed = structuredClone(args);
    ((changed.calls as Props[])[0] as { medium: { sip: { outgoing: Props } } }).medium.sip.outgoing.password =
      "pw-two";
    const changedNews = await checked(changed, v2);
    expect(changedNews.calls).toBe(outs.calls); // the line is the same: only the secret list differs
    expect(changedNews.callSecrets).toEqual(["pw-two"]);
    expect(await provider.diff!(id, v2, changedNews)).toMatchObject({ changes: true });
    await provider.update!(id, v2, changedNews);
    const patch = await onlyRequest(env);
    expect(patch.body).toEqual({ calls: changed.calls });
  });

  it("a direct caller may pass calls as a list to diff and update, as text comes from check", async () => {
    const args = goodArgs(env);
    const { id, outs } = await createBatch(args);
    expect(typeof outs.calls).toBe("string");
    await env.admin.clearJournal();
    const asList = withProviderKey(args);
    expect(await provider.diff!(id, outs, asList)).toMatchObject({ changes: false });
    await provider.update!(id, outs, asList);
    expect(await env.admin.journal()).toEqual([]);
    const changed = withProviderKey({ ...args, calls: (args.calls as Props[]).slice(0, 1) });
    expect(await provider.diff!(id, outs, changed)).toMatchObject({ changes: true });
    await provider.update!(id, outs, changed);
    expect((await onlyRequest(env)).body).toEqual({ calls: (args.calls as Props[]).slice(0, 1) });
  });

  it("state from a newer provider, or without a batch id, fails with a clear message", async () => {
    const args = goodArgs(env);
    const { id, outs } = await createBatch(args);
    const news = await checked(args, args);
    await expect(provider.diff!(id, { ...outs, stateVersion: 99 }, news)).rejects.toThrow(
      /newer pulumi-ultravox/,
    );
    await expect(provider.diff!(id, { ...outs, batchId: "" }, news)).rejects.toThrow(
      /cannot be read.*batchId/s,
    );
  });

  it("server fields that do not read are read again, not an unreadable state", async () => {
    const args = goodArgs(env);
    const { id, outs } = await createBatch(args);
    const news = await checked(args, args);
    const odd = { ...outs, totalCount: "two" };
    expect(await provider.diff!(id, odd, news)).toMatchObject({ changes: false });
    await env.admin.clearJournal();
    const result = await provider.update!(id, odd, news);
    expect(await env.admin.requests()).toEqual([`GET ${batchPath(id)}`]);
    expect(result.outs).toMatchObject({ totalCount: 2 });
  });
});

/** read against a GET answered with `response` instead of the emulator's own body. */
async function refreshWith(id: string, outs: Props, response: Props) {
  const { createServer } = await import("node:http");
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(response));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as { port: number };
  const config: Props = { "ultravox:apiKey": "k", "ultravox:baseUrl": `http://127.0.0.1:${address.port}` };
  await provider.configure!({ config: { get: (key: string) => config[key] } } as never);
  try {
    return await refresh(id, outs);
  } finally {
    const restore: Props = { "ultravox:apiKey": env.emulator.apiKey, "ultravox:baseUrl": env.emulator.url };
    await provider.configure!({ config: { get: (key: string) => restore[key] } } as never);
    server.close();
  }
}
