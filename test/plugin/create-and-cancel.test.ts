import type { ServiceError } from "@grpc/grpc-js";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmulatorAdmin } from "../../scripts/lib/emulator-admin";
import { createTokenFor } from "../../src/batch/create-token";
import { type RunningEmulator, startEmulator } from "../../src/emulator";
import { AGENT, API_KEY, CALLER } from "../fixtures";
import { call, configure, props, type RunningPlugin, startPlugin, struct, TYPE, URN } from "./plugin-process";

/**
 * The plugin's Create derives the batch's create token from the URN the engine hands it, and looks
 * for an earlier create's batch before posting; the engine's Cancel ends a retry wait at once and
 * starts no new request.
 */

const CALLS = [{ medium: { twilio: { outgoing: { to: "+14155550101", from: CALLER } } } }];
const BATCHES = `/api/agents/${AGENT}/scheduled_batches`;

let emulator: RunningEmulator;
let admin: EmulatorAdmin;
let plugin: RunningPlugin;

beforeAll(async () => {
  emulator = await startEmulator({ clock: "manual", apiKeys: [API_KEY] });
  admin = new EmulatorAdmin(emulator);
  plugin = await startPlugin();
  await configure(plugin, { "ultravox:apiKey": API_KEY, "ultravox:baseUrl": emulator.url });
});

afterAll(async () => {
  await plugin?.stop();
  await emulator?.close();
});

async function createRequest(urn: string): Promise<proto.CreateRequest> {
  const request = new proto.CheckRequest()
    .setUrn(urn)
    .setType(TYPE)
    .setOlds(struct({}))
    .setNews(struct({ agentId: AGENT, calls: CALLS }));
  const checked: proto.CheckResponse = await call(plugin.client.check, plugin.client, request);
  expect(checked.getFailuresList()).toEqual([]);
  return new proto.CreateRequest().setUrn(urn).setType(TYPE).setProperties(checked.getInputs());
}

describe("Create through the plugin", () => {
  it("looks first, then posts with the token of its URN in the first call's metadata", async () => {
    await admin.clearJournal();
    const created: proto.CreateResponse = await call(
      plugin.client.create,
      plugin.client,
      await createRequest(URN),
    );

    expect(await admin.requests()).toEqual([`GET ${BATCHES}`, `POST ${BATCHES}`]);
    const [stored] = (await admin.storedCalls(AGENT, created.getId())) as {
      metadata?: Record<string, unknown>;
    }[];
    expect(stored?.metadata).toEqual({ "pulumi-ultravox.createToken": createTokenFor(URN) });
    expect(props(created.getProperties())).not.toHaveProperty("__createIdentity");
  });

  it("a second Create of the same URN (a re-run after an unclear create) takes the batch over", async () => {
    const urn = `${URN}-again`;
    const first: proto.CreateResponse = await call(
      plugin.client.create,
      plugin.client,
      await createRequest(urn),
    );
    // A new provider process, as a new `pulumi up` would start: its claims are its own.
    await plugin.stop();
    plugin = await startPlugin();
    await configure(plugin, { "ultravox:apiKey": API_KEY, "ultravox:baseUrl": emulator.url });
    await admin.clearJournal();

    const second: proto.CreateResponse = await call(
      plugin.client.create,
      plugin.client,
      await createRequest(urn),
    );

    expect(second.getId()).toBe(first.getId());
    expect((await admin.requests()).filter((line) => !line.startsWith("GET"))).toEqual([]);
  });
});

describe("Cancel", () => {
  it("ends a create's wait on a 429 with Retry-After: 20 at once; no POST follows", async () => {
    const before = (await admin.batches(AGENT)).length;
    await admin.clearJournal();
    await admin.addFault({ kind: "status", status: 429, retryAfter: 20, method: "POST" });
    const started = performance.now();
    const creating = call(plugin.client.create, plugin.client, await createRequest(`${URN}-cancelled`)).then(
      () => expect.fail("create succeeded"),
      (error: ServiceError) => error,
    );
    for (let i = 0; i < 100 && !(await admin.requests()).some((line) => line.startsWith("POST")); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    await call(plugin.client.cancel, plugin.client, new Empty());
    const error = await creating;

    expect(error.details).toContain("Cancelled (Ctrl-C)");
    expect(error.details).toContain("not sent again");
    expect(performance.now() - started).toBeLessThan(15_000);
    expect((await admin.journal()).filter((e) => e.method === "POST").map((e) => e.status)).toEqual([429]);
    expect(await admin.batches(AGENT)).toHaveLength(before);
  });
});
