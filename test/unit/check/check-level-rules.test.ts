import { describe, expect, it } from "vitest";
import { batch } from "../../../src/batch/definition";
import { checkArgs } from "../../../src/fields/check";
import { CALLER, PHONE } from "../../fixtures";
import { outgoing, properties, webhook } from "./inputs";

describe("check of a batch: check-level rules (each failed, or passed silently, before)", () => {
  const twilio = (to: string, extra: Record<string, unknown> = {}) => ({
    medium: { twilio: { outgoing: { to, from: CALLER, ...extra } } },
  });

  it.each([
    ["metadata", '{"metadata": {"__proto__": "x"}}', "calls[0].metadata.__proto__"],
    [
      "templateContext",
      '{"templateContext": {"a": {"__proto__": {"b": 1}}}}',
      "calls[0].templateContext.a.__proto__",
    ],
    [
      "experimentalSettings",
      '{"experimentalSettings": {"constructor": 1}}',
      "calls[0].experimentalSettings.constructor",
    ],
  ])("an own prototype key in %s fails instead of vanishing from the POST", (_name, call, property) => {
    const raw = webhook({ calls: [{ medium: { webRtc: {} }, ...JSON.parse(call) }] });
    expect(properties(raw)).toEqual([property]);
  });

  it("an own __proto__ key in additionalParams fails", () => {
    const raw = outgoing({
      calls: [twilio(PHONE, { additionalParams: JSON.parse('{"__proto__": {"x": 1}}') })],
    });
    expect(properties(raw)).toEqual(["calls[0].medium.twilio.outgoing.additionalParams.__proto__"]);
  });

  it.each([
    [
      "NaN in templateContext",
      webhook({ calls: [{ templateContext: { score: Number.NaN } }] }),
      "calls[0].templateContext.score",
    ],
    [
      "Infinity in templateContext",
      webhook({ calls: [{ templateContext: { a: [Infinity] } }] }),
      "calls[0].templateContext.a[0]",
    ],
    [
      "-Infinity in additionalParams",
      outgoing({ calls: [twilio(PHONE, { additionalParams: { n: -Infinity } })] }),
      "calls[0].medium.twilio.outgoing.additionalParams.n",
    ],
  ])("%s fails (JSON would send null)", (_name, raw, property) => {
    const { failures } = checkArgs(batch, raw);
    expect(failures.map((f) => f.property)).toEqual([property]);
    expect(failures[0]?.reason).toMatch(/finite/);
  });

  it("nesting 10,000 deep fails with a clear message, not a RangeError", () => {
    let deep: unknown = "bottom";
    for (let i = 0; i < 10_000; i++) deep = { d: deep };
    const { failures } = checkArgs(batch, webhook({ calls: [{ templateContext: deep }] }));
    expect(failures).toHaveLength(1);
    expect(failures[0]?.property.startsWith("calls[0].templateContext.d.d")).toBe(true);
    expect(failures[0]?.reason).toMatch(/deeper than 64 levels/);
  });

  it.each([
    [" https://example.com/hook", /whitespace/],
    ["https://example.com/hook\n", /whitespace/],
    ["https://example.com/ho\tok", /control characters/],
    ["https://example.com/ho\u0085ok", /control characters/],
  ])("webhookUrl %j fails", (webhookUrl, reason) => {
    const { failures } = checkArgs(batch, webhook({ webhookUrl }));
    expect(failures).toEqual([{ property: "webhookUrl", reason: expect.stringMatching(reason) }]);
  });

  it.each([
    ["too short for +1", "+1415555012", "calls[0].medium.twilio.outgoing.to"],
    ["too long for +1", "+141555501234", "calls[0].medium.twilio.outgoing.to"],
    ["a length no UK number has", "+4420718387", "calls[0].medium.twilio.outgoing.to"],
  ])("a number %s fails, naming its path", (_name, number, property) => {
    const { failures } = checkArgs(batch, outgoing({ calls: [twilio(number)] }));
    expect(failures.map((f) => f.property)).toEqual([property]);
  });

  it("checks the caller (from) of every phone medium", () => {
    const raw = outgoing({
      calls: [{ medium: { plivo: { outgoing: { to: PHONE, from: "+1415555099" } } } }],
    });
    expect(properties(raw)).toEqual(["calls[0].medium.plivo.outgoing.from"]);
  });

  it.each([
    ["a US number", "+14155550123"],
    ["a UK number", "+442071838750"],
    ["a German mobile", "+4915112345678"],
    ["a country calling code the metadata does not know (never rejected for stale metadata)", "+9991234567"],
  ])("accepts %s", (_name, number) => {
    expect(checkArgs(batch, outgoing({ calls: [twilio(number)] })).failures).toEqual([]);
  });
});
