import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isPlainObject } from "../../src/json/plain-object";
import {
  AGENT,
  batchPath,
  checked,
  createBatch,
  DAY,
  engineForm,
  goodArgs,
  iso,
  type Props,
  provider,
  useEmulator,
  without,
} from "./harness";
import { type LatitudeProxy, startLatitudeProxy } from "./latitude-proxy";

/**
 * The lifecycle under answers the Ultravox docs allow but the emulator never gives: values set
 * outside the program beyond its limits, listings in another order with nulls and hidden
 * passwords, window ends the service fills in. The provider talks to the emulator through a proxy
 * that rewrites its answers (latitude-proxy.ts); the emulator's journal shows what was sent.
 */

const env = useEmulator();
let proxy: LatitudeProxy;

beforeAll(async () => {
  proxy = await startLatitudeProxy(env.emulator.url);
  const config: Props = { "ultravox:apiKey": env.emulator.apiKey, "ultravox:baseUrl": proxy.url };
  await provider.configure!({ config: { get: (key: string) => config[key] } } as never);
});
afterAll(async () => {
  await proxy?.close();
});
beforeEach(() => {
  proxy.rewrite = ({ json }) => json;
});

async function patchOutOfBand(batchId: string, body: Props): Promise<void> {
  const { status } = await env.admin.request("PATCH", batchPath(batchId), body);
  expect(status).toBe(200);
}

const SEVENTY = "t".repeat(70);

describe("state always decodes: values set outside the program", () => {
  it("state holding only an agent id and a batch id is refreshed and destroyed", async () => {
    const { id } = await createBatch(goodArgs(env));
    const bare = { agentId: AGENT, batchId: id };
    await env.admin.clearJournal();

    const refreshed = await provider.read!(id, bare);
    expect(refreshed.id).toBe(id);
    expect(refreshed.inputs).toMatchObject({ agentId: AGENT, throttle: "campaign-throttle" });
    await provider.delete!(id, refreshed.props as Props);
    expect(await env.admin.requests()).toEqual([`GET ${batchPath(id)}`, `DELETE ${batchPath(id)}`]);
  });

  it("a 70-character throttle is refreshed, shown as drift and reverted by one PATCH", async () => {
    const args = goodArgs(env);
    const { id, outs } = await createBatch(args);
    await patchOutOfBand(id, { throttle: SEVENTY });
    await env.admin.clearJournal();

    const refreshed = await provider.read!(id, outs);
    expect(refreshed.inputs).toMatchObject({ throttle: SEVENTY });
    const olds = { ...(refreshed.props as Props), __provider: outs.__provider };

    const news = await checked(args, refreshed.inputs as Props); // check with such olds passes
    expect(await provider.diff!(id, olds, news)).toMatchObject({ changes: true, replaces: [] });
    const updated = await provider.update!(id, olds, news);
    const journal = await env.admin.journal();
    expect(journal.map((e) => [e.method, e.path, e.body])).toEqual([
      ["GET", batchPath(id), null],
      ["PATCH", batchPath(id), { throttle: args.throttle }],
    ]);
    expect(updated.outs).toMatchObject({ throttle: args.throttle });

    const again = await provider.read!(id, { ...(updated.outs as Props), __provider: outs.__provider });
    expect(again.inputs).toMatchObject({ throttle: args.throttle });
    await provider.delete!(id, updated.outs as Props);
    expect((await env.admin.batch(AGENT, id)).status).toBe(404);
  });

  it('a throttle of "" reads as not set: nothing to revert when the program sets none', async () => {
    const args = without(goodArgs(env), "throttle");
    const { id, outs } = await createBatch(args);
    await patchOutOfBand(id, { throttle: "" });

    const refreshed = await provider.read!(id, outs);
    expect(refreshed.inputs).not.toHaveProperty("throttle");
    const olds = { ...(refreshed.props as Props), __provider: outs.__provider };
    const news = await checked(args, refreshed.inputs as Props);
    expect(await provider.diff!(id, olds, news)).toMatchObject({ changes: false });
  });

  it('state that already holds a throttle of "" (an older refresh) decodes and is reverted', async () => {
    const args = goodArgs(env);
    const { id, outs } = await createBatch(args);
    const olds = { ...outs, throttle: "" };
    const news = await checked(args, olds);
    expect(await provider.diff!(id, olds, news)).toMatchObject({ changes: true });
    await env.admin.clearJournal();
    await provider.update!(id, olds, news);
    expect((await env.admin.journal()).map((e) => e.body)).toEqual([{ throttle: args.throttle }]);
  });
});

/** A listing item as a service may show it: every unset field null, a hidden password, extras. */
function loosen(item: unknown, index: number): unknown {
  if (!isPlainObject(item)) return item;
  const call = structuredClone(item) as Props;
  const medium = call.medium as Props | null;
  const twilio = medium?.twilio as Props | undefined;
  if (twilio) twilio.dtmfHandling = null;
  const sip = (medium?.sip as Props | undefined)?.outgoing as Props | undefined;
  if (sip) sip.password = "****";
  const metadata = (call.metadata as Props | null) ?? {};
  return { ...call, metadata: { ...metadata, "pulumi-ultravox.token": `t-${index}` }, addedLater: null };
}

const SIP_CALL = {
  medium: { sip: { outgoing: { to: "sip:ada@sip.example.com", username: "ada", password: "pw-latitude" } } },
};

describe("adoption compares the listed calls with the one comparison of call lists", () => {
  async function existingBatch(body: Props): Promise<string> {
    const { status, json } = await env.admin.request("POST", `/api/agents/${AGENT}/scheduled_batches`, body);
    expect(status).toBe(201);
    return (json as { batchId: string }).batchId;
  }

  it("a listing in another order, with nulls and a hidden password, sends no PATCH", async () => {
    const program = goodArgs(env, { calls: [...(goodArgs(env).calls as Props[]), SIP_CALL] });
    const batchId = await existingBatch(without(program, "agentId"));
    proxy.rewrite = ({ path, json }) =>
      path.endsWith("/scheduled_calls") && isPlainObject(json) && Array.isArray(json.results)
        ? { ...json, results: json.results.map(loosen).reverse() }
        : json;
    const inputs = await checked({ ...program, adoptBatchId: batchId });
    await env.admin.clearJournal();

    const result = await provider.create(inputs);

    expect(await env.admin.requests()).toEqual([
      `GET ${batchPath(batchId)}`,
      `GET ${batchPath(batchId)}/scheduled_calls`,
    ]);
    // The program's calls are recorded, so the next diff sees no change either.
    expect((result.outs as Props).calls).toBe(engineForm(program).calls);
    const news = await checked({ ...program, adoptBatchId: batchId });
    expect(await provider.diff!(batchId, { ...result.outs, __provider: "x" }, news)).toMatchObject({
      changes: false,
    });
  });

  it("a listing with nulls whose calls differ sends the calls whole, without failing", async () => {
    const program = goodArgs(env);
    const [webRtc, twilio] = program.calls as Props[]; // twilio: listed with `dtmfHandling: null`
    const batchId = await existingBatch(without({ ...program, calls: [webRtc, twilio, twilio] }, "agentId"));
    proxy.rewrite = ({ path, json }) =>
      path.endsWith("/scheduled_calls") && isPlainObject(json) && Array.isArray(json.results)
        ? { ...json, results: json.results.map(loosen) }
        : json;
    const inputs = await checked({ ...program, adoptBatchId: batchId });
    await env.admin.clearJournal();

    await provider.create(inputs);

    const journal = await env.admin.journal();
    expect(journal.map((e) => e.method)).toEqual(["GET", "GET", "PATCH"]);
    expect(journal[2]!.body).toEqual({ calls: program.calls });
  });
});

describe("a window start the service fills in is not the program's", () => {
  /** Batch answers with `windowStart` filled in (as `created`) where the emulator holds none. */
  function fillWindowStart(): void {
    proxy.rewrite = ({ path, json }) =>
      /\/scheduled_batches(\/[^/]+)?$/.test(path) && isPlainObject(json) && json.windowStart === null
        ? { ...json, windowStart: json.created }
        : json;
  }

  it("refresh keeps it out of the inputs, so the next up sends nothing", async () => {
    fillWindowStart();
    const args = without(goodArgs(env), "windowStart");
    const { id, outs } = await createBatch(args);
    expect(outs.windowStartFilledByServer).toBe(outs.created);

    const refreshed = await provider.read!(id, outs);
    expect(refreshed.inputs).not.toHaveProperty("windowStart");
    const olds = { ...(refreshed.props as Props), __provider: outs.__provider };
    const news = await checked(args, refreshed.inputs as Props);
    expect(await provider.diff!(id, olds, news)).toMatchObject({ changes: false });
    await env.admin.clearJournal();
    await provider.update!(id, olds, news);
    expect(await env.admin.journal()).toEqual([]);
  });

  it("another value set later is drift: shown, and cleared by one PATCH", async () => {
    fillWindowStart();
    const args = without(goodArgs(env), "windowStart");
    const { id, outs } = await createBatch(args);
    const moved = iso(env.t0 + DAY / 2);
    await patchOutOfBand(id, { windowStart: moved });

    const refreshed = await provider.read!(id, outs);
    expect(refreshed.inputs).toMatchObject({ windowStart: moved });
    const olds = { ...(refreshed.props as Props), __provider: outs.__provider };
    const news = await checked(args, refreshed.inputs as Props);
    expect(await provider.diff!(id, olds, news)).toMatchObject({ changes: true });
    await env.admin.clearJournal();
    const updated = await provider.update!(id, olds, news);
    expect((await env.admin.journal()).map((e) => e.body)).toEqual([{ windowStart: null }]);

    // The service fills it in again; that value is recorded and is no drift.
    const after = { ...(updated.outs as Props), __provider: outs.__provider };
    const again = await provider.read!(id, after);
    expect(again.inputs).not.toHaveProperty("windowStart");
  });
});
