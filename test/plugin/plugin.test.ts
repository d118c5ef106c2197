import type { ServiceError } from "@grpc/grpc-js";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import * as status from "@pulumi/pulumi/proto/status_pb";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EmulatorAdmin } from "../../scripts/lib/emulator-admin";
import { type RunningEmulator, startEmulator } from "../../src/emulator";
import { AGENT, API_KEY, CALLER } from "../fixtures";
import { type LatitudeProxy, startReversingProxy } from "../integration/latitude-proxy";
import {
  call,
  configure,
  type Props,
  props,
  type RunningPlugin,
  SECRET_SIG,
  startPlugin,
  struct,
  TYPE,
  URN,
} from "./plugin-process";

/**
 * The provider plugin process over gRPC, against the emulator over HTTP: import (Read with an id
 * and no properties), and the secrets it marks for the engine. The CLI path is in
 * test/e2e/plugin-*.e2e.test.ts; these show the same at the protocol layer, and the import's order
 * independence, which the emulator cannot be asked to show through the CLI.
 */

const SIP_PASSWORD = "sip-pass-never-plain-8c2e";
const CALLS = ["+14155550101", "+14155550102", "+14155550103"].map((to, i) => ({
  medium: { twilio: { outgoing: { to, from: CALLER } } },
  templateContext: { n: i },
}));

let emulator: RunningEmulator;
let admin: EmulatorAdmin;
let plugin: RunningPlugin;
let reversing: LatitudeProxy;

beforeAll(async () => {
  emulator = await startEmulator({ clock: "manual", apiKeys: [API_KEY] });
  admin = new EmulatorAdmin(emulator);
  reversing = await startReversingProxy(emulator.url);
});

afterAll(async () => {
  await plugin?.stop();
  await reversing?.close();
  await emulator?.close();
});

async function withPlugin(baseUrl: string): Promise<RunningPlugin> {
  await plugin?.stop();
  plugin = await startPlugin();
  await configure(plugin, { "ultravox:apiKey": API_KEY, "ultravox:baseUrl": baseUrl });
  return plugin;
}

/** A batch made directly through the API (as in the Ultravox console). */
async function existingBatch(body: Props): Promise<string> {
  const { status, json } = await admin.request("POST", `/api/agents/${AGENT}/scheduled_batches`, body);
  expect(status).toBe(201);
  return (json as { batchId: string }).batchId;
}

function importRead(id: string): Promise<proto.ReadResponse> {
  const request = new proto.ReadRequest().setId(id).setUrn(URN).setType(TYPE);
  return call(plugin.client.read, plugin.client, request);
}

async function check(olds: Props, news: Props): Promise<proto.CheckResponse> {
  const request = new proto.CheckRequest()
    .setUrn(URN)
    .setType(TYPE)
    .setOlds(struct(olds))
    .setNews(struct(news));
  return call(plugin.client.check, plugin.client, request);
}

async function diff(id: string, olds: Props, news: Props): Promise<proto.DiffResponse> {
  const request = new proto.DiffRequest()
    .setId(id)
    .setUrn(URN)
    .setType(TYPE)
    .setOlds(struct(olds))
    .setNews(struct(news));
  return call(plugin.client.diff, plugin.client, request);
}

beforeEach(async () => {
  await admin.clearJournal();
});

describe("import through the plugin (Read with `<agentId>/<batchId>` and no properties)", () => {
  it("reads the batch and its calls once, and returns the batch id, program-form inputs and secret outputs", async () => {
    await withPlugin(emulator.url);
    const batchId = await existingBatch({ calls: CALLS, paused: true });
    await admin.clearJournal();

    const response = await importRead(`${AGENT}/${batchId}`);

    expect(await admin.requests()).toEqual([
      `GET /api/agents/${AGENT}/scheduled_batches/${batchId}`,
      `GET /api/agents/${AGENT}/scheduled_batches/${batchId}/scheduled_calls`,
    ]);
    expect(response.getId()).toBe(batchId);
    // The code `pulumi import` prints comes from these: calls as the list a program writes.
    // Calls are personal data: secret in the imported inputs too.
    expect(props(response.getInputs())).toEqual({
      agentId: AGENT,
      calls: { ...SECRET_SIG, value: CALLS },
      paused: true,
    });
    const outputs = props(response.getProperties());
    expect(outputs.batchId).toBe(batchId);
    expect(outputs.webhookSecretChosenByServer).toBe(true);
    const live = (await admin.batch(AGENT, batchId)).json;
    expect(outputs.webhookSecret).toEqual({ ...SECRET_SIG, value: live.webhookSecret });
  });

  it("the imported inputs, checked and diffed against the imported state, are no change (no request)", async () => {
    await withPlugin(emulator.url);
    const batchId = await existingBatch({ calls: CALLS });
    const imported = await importRead(`${AGENT}/${batchId}`);
    await admin.clearJournal();

    const checked = await check(props(imported.getInputs()), props(imported.getInputs()));
    expect(checked.getFailuresList()).toEqual([]);
    const answer = await diff(batchId, props(imported.getProperties()), props(checked.getInputs()));

    expect(answer.getChanges()).toBe(proto.DiffResponse.DiffChanges.DIFF_NONE);
    expect(await admin.journal()).toEqual([]);
  });

  it("calls listed in another order than created: the printed code follows the listing and is no change", async () => {
    await withPlugin(reversing.url);
    const batchId = await existingBatch({ calls: CALLS });
    const imported = await importRead(`${AGENT}/${batchId}`);
    const inputs = props(imported.getInputs());
    expect(inputs.calls).toEqual({ ...SECRET_SIG, value: [...CALLS].reverse() });
    await admin.clearJournal();

    const checked = await check(inputs, inputs);
    const answer = await diff(batchId, props(imported.getProperties()), props(checked.getInputs()));

    expect(answer.getChanges()).toBe(proto.DiffResponse.DiffChanges.DIFF_NONE);
    expect(await admin.journal()).toEqual([]);
  });

  it("a SIP password the service lists stays out of the printed code and state, and the code is no change", async () => {
    await withPlugin(emulator.url);
    const sipCall = {
      medium: {
        sip: { outgoing: { to: "sip:ada@example.com", username: "campaign", password: SIP_PASSWORD } },
      },
    };
    const batchId = await existingBatch({ calls: [sipCall, ...CALLS] });

    const imported = await importRead(`${AGENT}/${batchId}`);

    expect(JSON.stringify(imported.toObject())).not.toContain(SIP_PASSWORD);
    const inputs = props(imported.getInputs());
    expect((inputs.calls as { value: unknown[] }).value[0]).toEqual({
      medium: { sip: { outgoing: { to: "sip:ada@example.com", username: "campaign" } } },
    });
    await admin.clearJournal();
    const checked = await check(inputs, inputs);
    const answer = await diff(batchId, props(imported.getProperties()), props(checked.getInputs()));
    expect(answer.getChanges()).toBe(proto.DiffResponse.DiffChanges.DIFF_NONE);
    expect(await admin.journal()).toEqual([]);
  });

  it("ids in upper case find the batch: matched as the service matches them (lower case)", async () => {
    await withPlugin(emulator.url);
    const batchId = await existingBatch({ calls: CALLS });
    await admin.clearJournal();

    const response = await importRead(`${AGENT.toUpperCase()}/${batchId.toUpperCase()}`);

    expect(response.getId()).toBe(batchId);
    expect(props(response.getInputs()).agentId).toBe(AGENT);
    expect(await admin.requests()).toEqual([
      `GET /api/agents/${AGENT}/scheduled_batches/${batchId}`,
      `GET /api/agents/${AGENT}/scheduled_batches/${batchId}/scheduled_calls`,
    ]);
  });

  it("a bare batch id (the `import` option's usual form) says why the agent is needed and what to write", async () => {
    await withPlugin(emulator.url);
    const batchId = await existingBatch({ calls: CALLS });
    await admin.clearJournal();
    const error = await importRead(batchId).then(
      () => expect.fail("imported without an agent"),
      (e: ServiceError) => e,
    );
    expect(error.details).toContain("a batch id alone does not say which agent");
    expect(error.details).toContain("in the `import` resource option");
    expect(error.details).toContain("<agentId>/<batchId>");
    expect(await admin.journal()).toEqual([]);
  });

  it("an id that is not `<agentId>/<batchId>` fails saying the form, before any request", async () => {
    await withPlugin(emulator.url);
    await expect(importRead("not-a-batch")).rejects.toThrow(/<agentId>\/<batchId>/);
    await expect(importRead(`nope/${AGENT}`)).rejects.toThrow(/agentId must be a UUID/);
    expect(await admin.journal()).toEqual([]);
  });
});

describe("check through the plugin", () => {
  it("bad input fails with the property path, before any request", async () => {
    await withPlugin(emulator.url);
    const bad = { medium: { twilio: { outgoing: { to: "555-0101", from: CALLER } } } };

    const checked = await check({}, { agentId: AGENT, calls: [CALLS[0], bad] });

    // In the engine's form, the same for both doors (engine-failures.ts): the path leads the reason.
    const failures = checked.getFailuresList().map((f) => `${f.getProperty()}|${f.getReason()}`);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatch(
      /calls\[1\]\.medium\.twilio\.outgoing\.to \(value 55\*\*\*01\): must be an E\.164/,
    );
    expect(await admin.journal()).toEqual([]);
  });
});

describe("create through the plugin", () => {
  it("a batch adopted but not updated reaches the engine with its id (never orphaned), secrets kept secret", async () => {
    await withPlugin(emulator.url);
    const batchId = await existingBatch({ calls: CALLS });
    const webhookSecret = "whsec-adopt-init-failed-3f9a";
    const checked = await check({}, { agentId: AGENT, calls: CALLS, paused: true, adoptBatchId: batchId });
    expect(checked.getFailuresList()).toEqual([]);
    await admin.addFault({ kind: "status", status: 500, method: "PATCH", count: 10 });
    const request = new proto.CreateRequest()
      .setUrn(URN)
      .setType(TYPE)
      .setProperties(
        struct({ ...props(checked.getInputs()), webhookSecret: { ...SECRET_SIG, value: webhookSecret } }),
      );

    const error = await call(plugin.client.create, plugin.client, request).then(
      () => expect.fail("create succeeded"),
      (e: ServiceError) => e,
    );
    await admin.clearFaults();

    expect(error.details).toContain(batchId);
    expect(error.details).not.toContain(webhookSecret);
    const [details] = error.metadata.get("grpc-status-details-bin") as Buffer[];
    const [packed] = status.Status.deserializeBinary(details!).getDetailsList();
    const initFailed = packed!.unpack(
      proto.ErrorResourceInitFailed.deserializeBinary,
      "pulumirpc.ErrorResourceInitFailed",
    );
    expect(initFailed?.getId()).toBe(batchId);
    const recorded = props(initFailed?.getProperties());
    expect(recorded.agentId).toBe(AGENT);
    // The batch's state as read: its webhook secret (the server's) marked secret for the engine.
    const live = (await admin.batch(AGENT, batchId)).json;
    expect(recorded.webhookSecret).toEqual({ ...SECRET_SIG, value: live.webhookSecret });
  });
});

describe("secrets the plugin marks for the engine", () => {
  it("check returns SIP passwords only inside the secret callSecrets, and the webhook secret as a secret", async () => {
    await withPlugin(emulator.url);
    const sipCall = {
      medium: { sip: { outgoing: { to: "sip:ada@example.com", from: "campaign", password: SIP_PASSWORD } } },
    };
    const news = {
      agentId: AGENT,
      calls: [sipCall, { medium: { webRtc: { dataMessages: { transcript: true } } } }],
      webhookUrl: "https://hooks.example.com/ultravox",
      webhookSecret: { ...SECRET_SIG, value: "whsec-plugin-test-1" },
    };

    const checked = await check({}, news);

    expect(checked.getFailuresList().map((f) => f.getReason())).toEqual([]);
    const inputs = props(checked.getInputs());
    // Calls are personal data: the text is secret; the passwords are apart in callSecrets still.
    expect(inputs.calls).toMatchObject(SECRET_SIG);
    const text = (inputs.calls as { value: unknown }).value;
    expect(typeof text).toBe("string");
    expect(text).not.toContain(SIP_PASSWORD);
    expect(inputs.callCount).toBe(2);
    expect(inputs.callSecrets).toEqual({ ...SECRET_SIG, value: [SIP_PASSWORD] });
    expect(inputs.webhookSecret).toEqual({ ...SECRET_SIG, value: "whsec-plugin-test-1" });
    expect(plugin.stderr()).not.toContain(SIP_PASSWORD);
  });
});
