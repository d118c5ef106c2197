import type * as pulumi from "@pulumi/pulumi";
import { serializeFunction } from "@pulumi/pulumi/runtime/closure/serializeClosure";
import { callThrottleProvider } from "pulumi-ultravox";
import requireFromString from "require-from-string";
import { beforeAll, describe, expect, it } from "vitest";
import { API_KEY, type Props, useEmulator } from "./harness";

/**
 * The CallThrottle's own forwarder, serialized as `pulumi.dynamic.Resource` does it and loaded back
 * as the dynamic-provider host does: tiny, the implementation loaded by package name at call time.
 */

const env = useEmulator();
let text: string;

beforeAll(async () => {
  const forwarder: pulumi.dynamic.ResourceProvider = callThrottleProvider;
  text = (await serializeFunction(() => forwarder, { allowSecrets: true })).text;
});

describe("the serialized CallThrottle forwarder", () => {
  it("is under 2 KB, loads pulumi-ultravox/throttle-lifecycle and holds no machine path", () => {
    expect(Buffer.byteLength(text, "utf8")).toBeLessThan(2048);
    expect(text).toContain('require("pulumi-ultravox/throttle-lifecycle")');
    for (const path of ["/work", "/root", "/home", process.cwd()]) expect(text).not.toContain(path);
  });

  it("round-trips: check and create work against the emulator", async () => {
    const loaded = (requireFromString(text) as { handler: () => pulumi.dynamic.ResourceProvider }).handler();
    const config: Props = { "ultravox:apiKey": API_KEY, "ultravox:baseUrl": env.emulator.url };
    await loaded.configure!({ config: { get: (key: string) => config[key] } } as never);
    const args = { name: "serialized", rules: [{ maxCalls: 1, windowSeconds: 10 }] };
    const checked = await loaded.check!({}, { ...args, __provider: text });
    expect(checked).toEqual({ inputs: args, failures: [] });
    const created = await loaded.create(checked.inputs);
    expect(created.outs).toMatchObject({ ...args, throttleId: created.id });
    await loaded.delete!(created.id, created.outs);
  });
});
