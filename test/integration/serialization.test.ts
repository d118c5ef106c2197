import type * as pulumi from "@pulumi/pulumi";
import { serializeFunction } from "@pulumi/pulumi/runtime/closure/serializeClosure";
import requireFromString from "require-from-string";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ENV_API_KEY } from "../fixtures";
import {
  AGENT,
  API_KEY,
  engineForm,
  goodArgs,
  onlyRequest,
  type Props,
  provider,
  useEmulator,
  WEBHOOK_SECRET,
} from "./harness";

/**
 * The forwarder serialized exactly as `pulumi.dynamic.Resource` does it
 * (`serializeFunction(() => provider, { allowSecrets: true })`), then loaded back the way the
 * dynamic-provider host does (`requireFromString(text).handler()`).
 */

const env = useEmulator();

let text: string;
const savedEnvKey = process.env.ULTRAVOX_API_KEY;

beforeAll(async () => {
  // Secrets are about in every form the provider can see them before it is serialized.
  process.env.ULTRAVOX_API_KEY = ENV_API_KEY;
  await provider.check!({}, goodArgs(env));
  // A plain local binding, as in `pulumi.dynamic.Resource` (an imported name would be captured as
  // vitest's module namespace object instead).
  const forwarder: pulumi.dynamic.ResourceProvider = provider;
  const serialized = await serializeFunction(() => forwarder, { allowSecrets: true });
  expect(serialized.exportName).toBe("handler");
  text = serialized.text;
});

afterAll(() => {
  if (savedEnvKey === undefined) delete process.env.ULTRAVOX_API_KEY;
  else process.env.ULTRAVOX_API_KEY = savedEnvKey;
});

describe("the serialized forwarder", () => {
  it("is under 2 KB", () => {
    expect(Buffer.byteLength(text, "utf8")).toBeLessThan(2048);
  });

  it("loads the implementation by package name at call time", () => {
    expect(text).toContain('require("pulumi-ultravox/lifecycle")');
    for (const method of ["configure", "check", "diff", "create", "read", "update", "delete"]) {
      expect(text).toContain(`.${method}(`);
    }
  });

  it("holds no machine path", () => {
    for (const path of ["/work", "/root", "/home", process.cwd()]) expect(text).not.toContain(path);
  });

  it("holds no api key, secret or endpoint", () => {
    expect(process.env.ULTRAVOX_API_KEY).toBe(ENV_API_KEY);
    expect(text).not.toContain(API_KEY);
    expect(text).not.toContain(ENV_API_KEY);
    expect(text).not.toContain(WEBHOOK_SECRET);
    expect(text).not.toContain(env.emulator.url);
    expect(text).not.toContain("__vite"); // the test harness itself did not leak in
  });

  it("round-trips through require-from-string: check and create work against the emulator", async () => {
    const loaded = (requireFromString(text) as { handler: () => pulumi.dynamic.ResourceProvider }).handler();
    expect(loaded).not.toBe(provider);
    const config: Props = { "ultravox:apiKey": API_KEY, "ultravox:baseUrl": env.emulator.url };
    await loaded.configure!({ config: { get: (key: string) => config[key] } } as never);

    const args = goodArgs(env);
    const result = await loaded.check!({}, { ...args, __provider: text });
    expect(result.failures ?? []).toEqual([]);
    expect(result.inputs).toEqual(engineForm(args)); // already canonical, and `__provider` is not an input

    await env.admin.clearJournal();
    const created = await loaded.create({ ...(result.inputs as Props), __provider: text });
    const post = await onlyRequest(env);
    expect([post.method, post.path, post.status]).toEqual([
      "POST",
      `/api/agents/${AGENT}/scheduled_batches`,
      201,
    ]);
    const { status, json } = await env.admin.batch(AGENT, created.id);
    expect(status).toBe(200);
    expect(json.batchId).toBe(created.id);
  });

  it("bad input still fails check through the loaded copy, without a request", async () => {
    const loaded = (requireFromString(text) as { handler: () => pulumi.dynamic.ResourceProvider }).handler();
    await env.admin.clearJournal();
    const result = await loaded.check!({}, { ...goodArgs(env), agentId: "agent-1", __provider: text });
    expect((result.failures ?? []).map((f) => f.property)).toEqual(["agentId"]);
    expect(await env.admin.journal()).toEqual([]);
  });
});
