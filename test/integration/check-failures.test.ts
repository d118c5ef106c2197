import { describe, expect, it } from "vitest";
import { batch } from "../../src/batch/definition";
import { toEngine } from "../../src/fields/engine-form";
import { API_KEY } from "../fixtures";
import {
  AGENT,
  CALLER,
  engineCheck,
  PHONE,
  type Props,
  provider,
  useEmulator,
  withProviderKey,
} from "./harness";

/**
 * What check's failures look like to the engine, through the forwarder: each names its property
 * path as the program writes it, and nothing is sent. Which inputs are bad is the concern of
 * test/unit/check/; here one case of each kind of rule stands for its kind.
 */

const env = useEmulator();

const twilio = (to: string) => ({ medium: { twilio: { outgoing: { to, from: CALLER } } } });
const outgoing = (overrides: Props = {}): Props => ({ agentId: AGENT, calls: [twilio(PHONE)], ...overrides });

/**
 * The path a failure names. The engine prints a top-level property with its value; a nested one
 * travels in the reason (the engine would print its value as `{<nil>}`).
 */
function where(failure: { property: string; reason: string }): string {
  return failure.property || (failure.reason.match(/^[^\s:(]+/)?.[0] ?? "");
}

async function configure(config: Props): Promise<void> {
  await provider.configure!({ config: { get: (key: string) => config[key] } } as never);
}

describe("check through the forwarder", () => {
  it.each([
    [
      "a shape rule",
      outgoing({ calls: [twilio(PHONE), twilio("4155550123")] }),
      "calls[1].medium.twilio.outgoing.to",
    ],
    ["a rule across fields", outgoing({ webhookUrl: "https://example.com/hook" }), "webhookUrl"],
    [
      "a check-level rule",
      outgoing({ calls: [twilio("+1415555012")] }),
      "calls[0].medium.twilio.outgoing.to",
    ],
    ["a typo", outgoing({ windowEnds: "2026-12-01T09:00:00Z" }), "windowEnds"],
  ])("%s fails with its property path, and sends nothing", async (_name, args, property) => {
    const result = await provider.check!({}, withProviderKey(args));
    expect((result.failures ?? []).map(where)).toEqual([property]);
    expect(result.failures?.[0]?.reason).toMatch(/\S/);
    expect(await env.admin.journal()).toEqual([]);
  });

  it("reports several problems at once, each with its own path", async () => {
    const args = { agentId: "nope", calls: [twilio(PHONE), twilio("0123")], windowEnd: "soon", paused: 1 };
    const result = await provider.check!({}, withProviderKey(args));
    expect((result.failures ?? []).map(where).sort()).toEqual(
      ["agentId", "calls[1].medium.twilio.outgoing.to", "paused", "windowEnd"].sort(),
    );
  });

  it("a nested failure carries its path and offending value in the reason (the engine would show {<nil>})", async () => {
    const result = await provider.check!({}, withProviderKey(outgoing({ calls: [twilio("4155550123")] })));
    expect(result.failures).toEqual([
      {
        property: "",
        reason: expect.stringMatching(/^calls\[0\]\.medium\.twilio\.outgoing\.to \(value 41\*\*\*23\): \S/),
      },
    ]);
  });

  it("never echoes a failing value equal to a SIP password or the API key", async () => {
    const password = "Quokka-Pass-7e6d5c";
    const sip = (to: string) => ({ medium: { sip: { outgoing: { to, username: "u", password } } } });
    const news = toEngine(batch, { agentId: AGENT, calls: [sip(password), sip(API_KEY)] });
    const result = await provider.check!({}, withProviderKey(news));
    // Identical failures are grouped (both values read [secret]).
    expect((result.failures ?? []).map(where)).toEqual(["calls[0-1].medium.sip.outgoing.to"]);
    const shown = JSON.stringify(result.failures);
    expect(shown).not.toContain(password);
    expect(shown).not.toContain(API_KEY);
    expect(shown).toContain("value [secret])");
  });

  it("passes a valid batch", async () => {
    expect((await engineCheck(outgoing())).failures ?? []).toEqual([]);
  });
});

describe("with no API key, preview fails as up does", () => {
  const saved = process.env.ULTRAVOX_API_KEY;

  it("check fails when neither ultravox:apiKey nor ULTRAVOX_API_KEY resolves, without a request", async () => {
    delete process.env.ULTRAVOX_API_KEY;
    await configure({ "ultravox:baseUrl": env.emulator.url });
    try {
      await expect(provider.check!({}, withProviderKey(outgoing()))).rejects.toThrow(
        /No Ultravox API key: run `pulumi config set --secret ultravox:apiKey/,
      );
      expect(await env.admin.journal()).toEqual([]);

      process.env.ULTRAVOX_API_KEY = API_KEY; // the environment alone is enough
      expect((await engineCheck(outgoing())).failures ?? []).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.ULTRAVOX_API_KEY;
      else process.env.ULTRAVOX_API_KEY = saved;
      await configure({ "ultravox:apiKey": API_KEY, "ultravox:baseUrl": env.emulator.url });
    }
  });
});
