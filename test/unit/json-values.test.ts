import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { callsForEngine } from "../../src/batch/calls-input";
import { encodeCalls } from "../../src/batch/calls-text";
import { batch } from "../../src/batch/definition";
import { checkArgs } from "../../src/fields/check";
import { AGENT } from "../fixtures";

/** Values in the calls that are not plain JSON: converted as JSON.stringify would, or refused by path. */

const WHEN = new Date(Date.UTC(2026, 11, 1, 9, 0, 0));
const call = (templateContext: Record<string, unknown>) => ({ medium: { webRtc: {} }, templateContext });

function resolved<T>(output: pulumi.Input<T>): Promise<T> {
  return new Promise((resolve) => pulumi.output(output).apply((value) => resolve(value as T)));
}

describe("the program's calls are turned into text without losing a value", () => {
  it("a Date or URL in templateContext becomes its JSON form, not {}", () => {
    const { text } = encodeCalls([call({ when: WHEN, link: new URL("https://example.com/a?b=1") })]);
    expect(JSON.parse(text).templateContext).toEqual({
      when: "2026-12-01T09:00:00.000Z",
      link: "https://example.com/a?b=1",
    });
  });

  it("so does one beside an Output (Pulumi's own resolution would make it {})", async () => {
    const engine = callsForEngine([call({ when: WHEN, name: pulumi.output("Ada") })]);
    const text = await resolved(engine.calls);
    expect(JSON.parse(text).templateContext).toEqual({ when: "2026-12-01T09:00:00.000Z", name: "Ada" });
  });

  class Customer {
    constructor(readonly id: string) {}
  }
  const noJsonForm: [string, unknown, RegExp][] = [
    ["a Map", new Map([["a", 1]]), /is a Map/],
    ["a Set", new Set([1]), /is a Set/],
    ["a class instance", new Customer("c-1"), /is a Customer/],
    ["a function", () => 1, /is a function/],
    ["a bigint", 10n, /is a bigint/],
    ["NaN", Number.NaN, /finite number, not NaN/],
    ["an invalid Date", new Date(Number.NaN), /invalid Date/],
  ];
  for (const [name, value, reason] of noJsonForm) {
    it(`${name} is an error naming its path, with plain calls and with Outputs among them`, () => {
      const path = "calls[1].templateContext.when";
      const calls = [call({}), call({ when: value })];
      expect(() => callsForEngine(calls)).toThrow(new RegExp(`^${path.replace(/[.[\]]/g, "\\$&")}: `));
      expect(() => callsForEngine(calls)).toThrow(reason);
      const withOutput = [call({ name: pulumi.output("Ada") }), call({ when: value })];
      expect(() => callsForEngine(withOutput)).toThrow(path);
    });
  }

  it("check refuses such values from a direct caller, naming the path, instead of sending {}", () => {
    const { failures } = checkArgs(batch, {
      agentId: AGENT,
      webhookUrl: "https://example.com/hook",
      calls: [call({ when: WHEN, seen: new Set([1]) })],
    });
    expect(failures).toEqual([
      { property: "calls[0].templateContext.seen", reason: expect.stringMatching(/is a Set/) },
      {
        property: "calls[0].templateContext.when",
        reason: expect.stringMatching(/is a Date, not plain JSON/),
      },
    ]);
  });
});
