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
  SECRET_SIG,
  startPlugin,
  struct,
} from "./plugin-process";

/**
 * The plugin serves `ultravox:index:Agent` from the agent's definition: its schema generated from
 * the table, and check, create, diff, update (the whole template), import (Read without state) and
 * delete over gRPC against the emulator.
 */

const TYPE = "ultravox:index:Agent";
const URN = `urn:pulumi:test::project::${TYPE}::support`;
const SUPPORT = { name: "support", callTemplate: { systemPrompt: "Hello {{customerName}}.", voice: "Mark" } };

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

describe("the Agent in the package schema", () => {
  it("is generated from the agent's table: a required name, the call template as the API names it", () => {
    const schema = packageSchema("0.1.0");
    const agent = schema.resources[TYPE]!;
    expect(agent.requiredInputs).toEqual(["name"]);
    expect(agent.inputProperties.callTemplate).toMatchObject({
      $ref: "#/types/ultravox:index:AgentCallTemplate",
    });
    const template = schema.types["ultravox:index:AgentCallTemplate"]?.properties ?? {};
    for (const field of [
      "systemPrompt",
      "temperature",
      "model",
      "voice",
      "languageHint",
      "selectedTools",
      "contextSchema",
    ])
      expect(template).toHaveProperty(field);
    expect(template).not.toHaveProperty("created");
    expect(Object.keys(agent.properties)).toEqual(
      expect.arrayContaining(["agentId", "publishedRevisionId", "created"]),
    );
  });
});

describe("an Agent through the plugin", () => {
  it("check names the failing template field", async () => {
    const response = await check({ name: "support", callTemplate: { temperature: 2 } });
    expect(
      response
        .getFailuresList()
        .map((f) => f.getReason())
        .join("\n"),
    ).toMatch(/callTemplate\.temperature.*between 0 and 1/);
  });

  it("creates, PATCHes the whole template for one changed field, imports by id and deletes", async () => {
    const inputs = (await check(SUPPORT)).getInputs();
    const created = await call<proto.CreateRequest, proto.CreateResponse>(
      plugin.client.create,
      plugin.client,
      new proto.CreateRequest().setUrn(URN).setType(TYPE).setProperties(inputs),
    );
    const id = created.getId();
    const outs = props(created.getProperties());
    expect(outs).toMatchObject({ ...SUPPORT, agentId: id });

    await admin.clearJournal();
    const callTemplate = { ...SUPPORT.callTemplate, voice: "Jessica" };
    const news = (await check({ ...SUPPORT, callTemplate })).getInputs();
    const diff = await call<proto.DiffRequest, proto.DiffResponse>(
      plugin.client.diff,
      plugin.client,
      new proto.DiffRequest().setId(id).setUrn(URN).setOlds(struct(outs)).setNews(news),
    );
    expect(diff.getDiffsList()).toEqual(["callTemplate"]);
    await call<proto.UpdateRequest, unknown>(
      plugin.client.update,
      plugin.client,
      new proto.UpdateRequest().setId(id).setUrn(URN).setOlds(struct(outs)).setNews(news),
    );
    const journal = await admin.journal();
    expect(journal.map((e) => [e.method, e.path, e.body])).toEqual([
      ["PATCH", `/api/agents/${id}`, { callTemplate }],
    ]);

    const read = await call<proto.ReadRequest, proto.ReadResponse>(
      plugin.client.read,
      plugin.client,
      new proto.ReadRequest().setId(id).setUrn(URN).setType(TYPE),
    );
    // An import declares the whole template the service holds, its filled-in defaults included.
    const imported = props(read.getInputs());
    expect(imported).toMatchObject({
      name: "support",
      callTemplate: { ...callTemplate, model: expect.any(String) },
    });
    expect(imported.callTemplate).not.toHaveProperty("created");
    expect((await check(imported)).getFailuresList()).toEqual([]);

    await call<proto.DeleteRequest, unknown>(
      plugin.client.delete,
      plugin.client,
      new proto.DeleteRequest().setId(id).setUrn(URN).setProperties(read.getProperties()),
    );
    const gone = await fetch(`${emulator.url}/api/agents/${id}`, { headers: { "X-API-Key": API_KEY } });
    expect(gone.status).toBe(404);
  });

  it("keeps shared secrets and tool auth tokens secret in state, though the program wrote them plain", async () => {
    const sharedSecret = "shared-secret-4b1d9f";
    const authToken = "tool-token-77c2e0";
    const callTemplate = {
      systemPrompt: "Hello.",
      sharedSecrets: [sharedSecret],
      selectedTools: [{ toolName: "lookup", authTokens: { apiKey: authToken } }],
    };
    const inputs = (await check({ name: "signed", callTemplate })).getInputs();
    const created = await call<proto.CreateRequest, proto.CreateResponse>(
      plugin.client.create,
      plugin.client,
      new proto.CreateRequest().setUrn(URN).setType(TYPE).setProperties(inputs),
    );
    const id = created.getId();
    const read = await call<proto.ReadRequest, proto.ReadResponse>(
      plugin.client.read,
      plugin.client,
      new proto.ReadRequest().setId(id).setUrn(URN).setType(TYPE).setProperties(created.getProperties()),
    );
    // What the engine would write to state: everything but the values it encrypts.
    for (const state of [props(inputs), props(created.getProperties()), props(read.getProperties())]) {
      const plain = JSON.stringify(withoutSecretValues(state));
      expect(plain).not.toContain(sharedSecret);
      expect(plain).not.toContain(authToken);
      // The rest of the template stays reviewable.
      expect(plain).toContain('"systemPrompt":"Hello."');
      expect(state.callTemplateSecrets).toEqual({ ...SECRET_SIG, value: [sharedSecret, authToken] });
    }
    // The service got the secrets themselves.
    const live = (await (
      await fetch(`${emulator.url}/api/agents/${id}`, { headers: { "X-API-Key": API_KEY } })
    ).json()) as Props;
    expect(live.callTemplate).toMatchObject(callTemplate);
  });
});

/** Props with every secret-wrapped value replaced by a mark (the engine encrypts those). */
function withoutSecretValues(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecretValues);
  if (value === null || typeof value !== "object") return value;
  const record = value as Record<string, unknown>;
  if (Object.entries(SECRET_SIG).every(([key, sig]) => record[key] === sig)) return "[secret]";
  return Object.fromEntries(Object.entries(record).map(([key, item]) => [key, withoutSecretValues(item)]));
}
