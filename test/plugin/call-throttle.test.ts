import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmulatorAdmin } from "../../scripts/lib/emulator-admin";
import { type RunningEmulator, startEmulator } from "../../src/emulator";
import { packageSchema } from "../../src/plugin/schema";
import { API_KEY } from "../fixtures";
import {
  call,
  configure,
  type Props,
  props,
  type RunningPlugin,
  startPlugin,
  struct,
} from "./plugin-process";

/**
 * The plugin serves `ultravox:index:CallThrottle` from the throttle's definition, beside the batch:
 * its schema generated from the table, and check, create, diff, update, import (Read without state)
 * and delete over gRPC against the emulator.
 */

const TYPE = "ultravox:index:CallThrottle";
const URN = `urn:pulumi:test::project::${TYPE}::gentle`;
const GENTLE = { name: "gentle", rules: [{ maxCalls: 5, windowSeconds: 60 }] };

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

async function check(news: Props): Promise<proto.CheckResponse> {
  const request = new proto.CheckRequest()
    .setUrn(URN)
    .setType(TYPE)
    .setOlds(struct({}))
    .setNews(struct(news));
  return call<proto.CheckRequest, proto.CheckResponse>(plugin.client.check, plugin.client, request);
}

describe("the CallThrottle in the package schema", () => {
  it("is generated from the throttle's table: required name and rules, rules typed as CallThrottleRule", () => {
    const schema = packageSchema("0.1.0");
    const throttle = schema.resources[TYPE]!;
    expect(throttle.requiredInputs).toEqual(["name", "rules"]);
    expect(throttle.inputProperties.rules).toMatchObject({
      type: "array",
      items: { $ref: "#/types/ultravox:index:CallThrottleRule" },
    });
    expect(schema.types["ultravox:index:CallThrottleRule"]?.properties).toEqual({
      maxCalls: { type: "integer" },
      windowSeconds: { type: "integer" },
    });
    expect(throttle.properties.throttleId?.description).toMatch(/resource id/);
    expect(schema.resources["ultravox:index:ScheduledBatch"]).toBeDefined();
  });
});

describe("a CallThrottle through the plugin", () => {
  it("check names the failing rule's field", async () => {
    const response = await check({ name: "gentle", rules: [{ maxCalls: 0, windowSeconds: 60 }] });
    expect(response.getFailuresList().map((f) => [f.getProperty(), f.getReason()])).toEqual([
      ["", "rules[0].maxCalls (value 0): must be at least 1"],
    ]);
  });

  it("creates, PATCHes only the changed name, imports by id and deletes", async () => {
    const inputs = (await check(GENTLE)).getInputs();
    const created = await call<proto.CreateRequest, proto.CreateResponse>(
      plugin.client.create,
      plugin.client,
      new proto.CreateRequest().setUrn(URN).setType(TYPE).setProperties(inputs),
    );
    const id = created.getId();
    const outs = props(created.getProperties());
    expect(outs).toMatchObject({ ...GENTLE, throttleId: id });

    await admin.clearJournal();
    const news = (await check({ ...GENTLE, name: "calmer" })).getInputs();
    const diff = await call<proto.DiffRequest, proto.DiffResponse>(
      plugin.client.diff,
      plugin.client,
      new proto.DiffRequest().setId(id).setUrn(URN).setOlds(struct(outs)).setNews(news),
    );
    expect(diff.getDiffsList()).toEqual(["name"]);
    await call<proto.UpdateRequest, unknown>(
      plugin.client.update,
      plugin.client,
      new proto.UpdateRequest().setId(id).setUrn(URN).setOlds(struct(outs)).setNews(news),
    );
    const journal = await admin.journal();
    expect(journal.map((e) => [e.method, e.path, e.body])).toEqual([
      ["PATCH", `/api/call_throttles/${id}`, { name: "calmer" }],
    ]);

    const read = await call<proto.ReadRequest, proto.ReadResponse>(
      plugin.client.read,
      plugin.client,
      new proto.ReadRequest().setId(id).setUrn(URN).setType(TYPE),
    );
    expect(props(read.getInputs())).toEqual({ name: "calmer", rules: GENTLE.rules });

    await call<proto.DeleteRequest, unknown>(
      plugin.client.delete,
      plugin.client,
      new proto.DeleteRequest().setId(id).setUrn(URN).setProperties(read.getProperties()),
    );
    expect((await admin.request("GET", `/_emulator/call_throttles/${id}`)).status).toBe(404);
  });
});
