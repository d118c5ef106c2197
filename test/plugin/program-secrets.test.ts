import type { ServiceError } from "@grpc/grpc-js";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import * as status from "@pulumi/pulumi/proto/status_pb";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EmulatorAdmin } from "../../scripts/lib/emulator-admin";
import { type RunningEmulator, startEmulator } from "../../src/emulator";
import { AGENT, API_KEY, CALLER } from "../fixtures";
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
 * Values the program marked secret (`fn::secret`, `pulumi.secret()`) keep their marks through the
 * plugin, though it reveals its inputs before the lifecycle runs: they never show in a check
 * failure, an API error or the plugin's stderr, and every output that came from a marked input
 * is marked again, on success and on a partial create.
 */

const secret = (value: unknown) => ({ ...SECRET_SIG, value });
const twilio = (to: unknown) => ({ medium: { twilio: { outgoing: { to, from: CALLER } } } });

let emulator: RunningEmulator;
let admin: EmulatorAdmin;
let plugin: RunningPlugin;

beforeAll(async () => {
  emulator = await startEmulator({ clock: "manual", apiKeys: [API_KEY] });
  admin = new EmulatorAdmin(emulator);
});

afterAll(async () => {
  await plugin?.stop();
  await emulator?.close();
});

beforeEach(async () => {
  await plugin?.stop();
  plugin = await startPlugin();
  await configure(plugin, { "ultravox:apiKey": API_KEY, "ultravox:baseUrl": emulator.url });
  await admin.clearFaults();
  await admin.clearJournal();
});

function check(news: Props): Promise<proto.CheckResponse> {
  const request = new proto.CheckRequest()
    .setUrn(URN)
    .setType(TYPE)
    .setOlds(struct({}))
    .setNews(struct(news));
  return call(plugin.client.check, plugin.client, request);
}

function create(properties: Props): Promise<proto.CreateResponse> {
  const request = new proto.CreateRequest().setUrn(URN).setType(TYPE).setProperties(struct(properties));
  return call(plugin.client.create, plugin.client, request);
}

const failed = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail("the call succeeded"),
    (error: ServiceError) => error,
  );

describe("program-marked secrets through the plugin", () => {
  it("a marked phone number is never shown in a check failure", async () => {
    const marked = "555-0101-private";
    const checked = await check({ agentId: AGENT, calls: [twilio("+14155550102"), twilio(secret(marked))] });
    const reasons = checked.getFailuresList().map((f) => `${f.getProperty()} ${f.getReason()}`);
    expect(reasons).toHaveLength(1);
    // A number in calls shows masked only, marked or not (privacy/masked-number.ts).
    expect(reasons[0]).toMatch(/calls\[1\]\.medium\.twilio\.outgoing\.to \(value [^)]*\*\*\*/);
    expect(JSON.stringify(reasons)).not.toContain(marked);
    expect(plugin.stderr()).not.toContain(marked);
  });

  it("a marked throttle name is never shown in the API's error, nor on stderr", async () => {
    const marked = "vip-jane-doe-do-not-show";
    const checked = await check({
      agentId: AGENT,
      calls: [twilio("+14155550102")],
      throttle: secret(marked),
    });
    expect(checked.getFailuresList()).toEqual([]);

    const error = await failed(create(props(checked.getInputs())));

    // The look before the POST, then the POST the service refused.
    expect(await admin.requests()).toEqual([
      `GET /api/agents/${AGENT}/scheduled_batches`,
      `POST /api/agents/${AGENT}/scheduled_batches`,
    ]);
    expect(error.details).toContain("does not exist");
    expect(error.details).toContain("[secret]");
    expect(error.details).not.toContain(marked);
    expect(plugin.stderr()).not.toContain(marked);
  });

  it("every output from a marked input is marked again on success", async () => {
    const checked = await check({
      agentId: AGENT,
      calls: [{ ...twilio("+14155550102"), templateContext: { name: secret("Ada Lovelace") } }],
      throttle: secret("vip-list"),
    });
    await admin.setOptions({ unknownThrottle: "accept" });
    try {
      const inputs = props(checked.getInputs());
      expect(inputs.calls).toEqual(secret(expect.stringContaining("Ada Lovelace")));
      const created = await create(inputs);
      const outs = props(created.getProperties());
      expect(outs.calls).toEqual(secret(expect.stringContaining("Ada Lovelace")));
      expect(outs.throttle).toEqual(secret("vip-list"));
    } finally {
      await admin.setOptions({ unknownThrottle: "reject" });
    }
  });

  it("a partial create's state marks what came from a marked input, not only the table's secret keys", async () => {
    const made = await admin.request("POST", `/api/agents/${AGENT}/scheduled_batches`, {
      calls: [{ ...twilio("+14155550102"), templateContext: { name: "Ada Lovelace" } }],
    });
    const batchId = (made.json as { batchId: string }).batchId;
    const checked = await check({
      agentId: AGENT,
      adoptBatchId: batchId,
      paused: true,
      calls: [{ ...twilio("+14155550102"), templateContext: { name: secret("Ada Lovelace") } }],
    });
    expect(checked.getFailuresList()).toEqual([]);
    await admin.addFault({ kind: "status", status: 500, method: "PATCH", count: 10 });

    const error = await failed(create(props(checked.getInputs())));

    const [details] = error.metadata.get("grpc-status-details-bin") as Buffer[];
    const [packed] = status.Status.deserializeBinary(details!).getDetailsList();
    const initFailed = packed!.unpack(
      proto.ErrorResourceInitFailed.deserializeBinary,
      "pulumirpc.ErrorResourceInitFailed",
    );
    expect(initFailed?.getId()).toBe(batchId);
    const recorded = props(initFailed?.getProperties());
    expect(recorded.calls).toEqual(secret(expect.stringContaining("Ada Lovelace")));
    expect(error.details).not.toContain("Ada Lovelace");
  });
});
