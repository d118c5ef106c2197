import type { ServiceError } from "@grpc/grpc-js";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmulatorAdmin } from "../../scripts/lib/emulator-admin";
import { type RunningEmulator, startEmulator } from "../../src/emulator";
import { packageSchema } from "../../src/plugin/schema";
import { AGENT, API_KEY, CALLER } from "../fixtures";
import {
  call,
  configure,
  props,
  type RunningPlugin,
  SECRET_SIG,
  startPlugin,
  struct,
} from "./plugin-process";

/**
 * `ultravox:index:getPendingCalls` through the plugin process's gRPC Invoke (what YAML's
 * `fn::invoke` reaches): the calls come back marked secret, and failures name no phone number.
 */

const TOKEN = "ultravox:index:getPendingCalls";
let emulator: RunningEmulator;
let admin: EmulatorAdmin;
let plugin: RunningPlugin;
const batchesPath = `/api/agents/${AGENT}/scheduled_batches`;
const numbers = ["+14155552001", "+14155552002", "+14155552003"];

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

function invoke(args: Record<string, unknown>): Promise<proto.InvokeResponse> {
  const request = new proto.InvokeRequest().setTok(TOKEN).setArgs(struct(args));
  return call(plugin.client.invoke, plugin.client, request);
}

async function pausedBatch(): Promise<string> {
  const calls = numbers.map((to) => ({ medium: { twilio: { outgoing: { to, from: CALLER } } } }));
  const { json } = await admin.request("POST", batchesPath, { calls });
  const { batchId } = json as { batchId: string };
  await admin.advanceClock(1);
  await admin.request("PATCH", `${batchesPath}/${batchId}`, { paused: true });
  return batchId;
}

describe("getPendingCalls through the plugin", () => {
  it("is in the package schema, its calls typed as the batch's Call and secret", () => {
    const spec = packageSchema("0.1.0").functions[TOKEN];
    expect(spec.inputs.required).toEqual(["agentId", "batchId"]);
    expect(spec.outputs.properties.calls).toMatchObject({
      secret: true,
      items: { $ref: "#/types/ultravox:index:Call" },
    });
    expect(packageSchema("0.1.0").types["ultravox:index:Call"]).toBeDefined();
  });

  it("answers the pending calls, marked secret, with secret args revealed", async () => {
    const batchId = await pausedBatch();
    const response = await invoke({
      agentId: AGENT,
      batchId,
      excludeTo: { ...SECRET_SIG, value: [numbers[2]] },
    });
    const answer = props(response.getReturn());
    expect(answer.calls).toEqual({
      ...SECRET_SIG,
      value: [{ medium: { twilio: { outgoing: { to: numbers[1], from: CALLER } } } }],
    });
    expect(answer.excludedCount).toBe(1);
    expect(answer.statusCounts).toMatchObject({ SUCCESS: 1, FUTURE: 2 });
  });

  it("fails naming the entry, not the number, and logs no number", async () => {
    const batchId = await pausedBatch();
    const typo = "+14155552099";
    const failure = await invoke({ agentId: AGENT, batchId, excludeTo: [typo] }).catch(
      (e: ServiceError) => e,
    );
    expect(String((failure as ServiceError).details)).toMatch(/excludeTo\[0\] matches no call/);
    expect(JSON.stringify(failure)).not.toContain(typo);
    for (const number of [...numbers, typo]) expect(plugin.stderr()).not.toContain(number);
  });

  it("refuses an unknown function by name", async () => {
    const request = new proto.InvokeRequest().setTok("ultravox:index:getNothing").setArgs(struct({}));
    const failure = await call(plugin.client.invoke, plugin.client, request).catch((e: ServiceError) => e);
    expect(String((failure as ServiceError).details)).toMatch(/unknown function ultravox:index:getNothing/);
  });
});
