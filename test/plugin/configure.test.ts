import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EmulatorAdmin } from "../../scripts/lib/emulator-admin";
import { type RunningEmulator, startEmulator } from "../../src/emulator";
import { packageSchema } from "../../src/plugin/schema";
import { AGENT, API_KEY, CALLER } from "../fixtures";
import { call, type Props, type RunningPlugin, SECRET_SIG, startPlugin, TYPE, URN } from "./plugin-process";

/**
 * The provider's settings through the plugin: every setting the README documents is in the
 * package schema (so an explicit provider can set it), and Configure reads the request's `args`
 * (keyed by the schema's names, secrets wrapped, numbers as numbers) before the deprecated
 * `variables` map.
 */

let emulator: RunningEmulator;
let admin: EmulatorAdmin;
let plugin: RunningPlugin | undefined;

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
  await admin.clearFaults();
  await admin.clearJournal();
});

async function configure(args: Props, variables: Record<string, string> = {}): Promise<void> {
  const request = new proto.ConfigureRequest().setArgs(
    Struct.fromJavaScript(args as Parameters<typeof Struct.fromJavaScript>[0]),
  );
  for (const [key, value] of Object.entries(variables)) request.getVariablesMap().set(key, value);
  const running = plugin as RunningPlugin;
  await call(running.client.configure, running.client, request);
}

/** A batch made directly through the API, then one import Read of it under a 503 on every GET. */
async function readUnderOutage(): Promise<string[]> {
  const body = { calls: [{ medium: { twilio: { outgoing: { to: "+14155550101", from: CALLER } } } }] };
  const made = await admin.request("POST", `/api/agents/${AGENT}/scheduled_batches`, body);
  const batchId = (made.json as { batchId: string }).batchId;
  await admin.clearJournal();
  await admin.addFault({ kind: "status", status: 503, method: "GET", count: 10 });
  const running = plugin as RunningPlugin;
  const read = new proto.ReadRequest().setId(`${AGENT}/${batchId}`).setUrn(URN).setType(TYPE);
  await expect(call(running.client.read, running.client, read)).rejects.toThrow(/503/);
  await admin.clearFaults();
  return admin.requests();
}

describe("the provider's settings in the package schema", () => {
  it("has every documented setting, as provider inputs and as config", () => {
    const schema = packageSchema("0.1.0");
    for (const spec of [schema.provider.inputProperties, schema.config.variables]) {
      expect(Object.keys(spec).sort()).toEqual(
        ["apiKey", "baseUrl", "maxAttempts", "plainCalls", "requestTimeoutMs", "retryBudgetMs"].sort(),
      );
      expect(spec.maxAttempts.type).toBe("integer");
      expect(spec.requestTimeoutMs.type).toBe("integer");
      expect(spec.retryBudgetMs.type).toBe("integer");
      expect(spec.apiKey.secret).toBe(true);
    }
  });
});

describe("Configure through the plugin", () => {
  it("reads `args`: a secret key, the base URL and a number of attempts, with no variables at all", async () => {
    await configure({ apiKey: { ...SECRET_SIG, value: API_KEY }, baseUrl: emulator.url, maxAttempts: 1 });
    const requests = await readUnderOutage();
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatch(/^GET /);
  });

  it("`args` wins over the variables map, which is only the fallback", async () => {
    await configure(
      { apiKey: API_KEY, maxAttempts: 2 },
      { "ultravox:config:baseUrl": emulator.url, "ultravox:config:maxAttempts": "1" },
    );
    // baseUrl came from the variables (not in args); maxAttempts from args: two tries.
    expect(await readUnderOutage()).toHaveLength(2);
  });
});

describe("ultravox:plainCalls through the plugin", () => {
  const news = {
    agentId: AGENT,
    calls: [{ medium: { twilio: { outgoing: { to: "+14155550101", from: CALLER } } } }],
  };

  async function checkedInputs(): Promise<Props> {
    const running = plugin as RunningPlugin;
    const request = new proto.CheckRequest().setUrn(URN).setType(TYPE).setOlds(new Struct());
    request.setNews(Struct.fromJavaScript(news as Parameters<typeof Struct.fromJavaScript>[0]));
    const checked: proto.CheckResponse = await call(running.client.check, running.client, request);
    expect(checked.getFailuresList()).toEqual([]);
    return (checked.getInputs()?.toJavaScript() ?? {}) as Props;
  }

  it("by default check returns the calls as a secret, and their count in plain text", async () => {
    await configure({ apiKey: API_KEY, baseUrl: emulator.url });
    const inputs = await checkedInputs();
    expect(inputs.calls).toMatchObject(SECRET_SIG);
    expect(inputs.callCount).toBe(1);
  });

  it("with plainCalls true (args or variables) the calls are plain text", async () => {
    await configure({ apiKey: API_KEY, baseUrl: emulator.url, plainCalls: true });
    expect(typeof (await checkedInputs()).calls).toBe("string");
    await plugin?.stop();
    plugin = await startPlugin();
    await configure({ apiKey: API_KEY }, { "ultravox:config:plainCalls": "true" });
    expect(typeof (await checkedInputs()).calls).toBe("string");
  });
});
