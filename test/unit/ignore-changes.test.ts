import { describe, expect, it } from "vitest";
import { encodeCalls } from "../../src/batch/calls-text";
import { batch } from "../../src/batch/definition";
import { fromEngine, unsupportedIgnorePaths, withKeptExtraKeys } from "../../src/fields/engine-form";

const sip = (to: string, password: string) => ({
  medium: { sip: { outgoing: { to, username: "u", password } } },
});

const stored = encodeCalls([sip("sip:a@x", "pw-old")]);
const olds = { calls: stored.text, callSecrets: stored.secrets };

describe("ignoreChanges on calls (issue 22 item 7)", () => {
  it("a calls text kept from the previous inputs without passwords takes the previous ones", () => {
    // The plugin's program gives a list; ignoreChanges copied the stored text in its place.
    const news = withKeptExtraKeys(batch, olds, { calls: stored.text });
    expect(news.callSecrets).toEqual(["pw-old"]);
    expect(fromEngine(batch, news)).toEqual({ props: { calls: [sip("sip:a@x", "pw-old")] }, failures: [] });
  });

  it("without it the kept text points at nothing (the failure every preview showed)", () => {
    expect(fromEngine(batch, { calls: stored.text }).failures.map((f) => f.reason)).toEqual([
      "refers to callSecrets[0], which is not set",
    ]);
  });

  it("a text with its own passwords, or a new text, keeps what the program gave", () => {
    const rotated = { calls: stored.text, callSecrets: ["pw-new"] };
    expect(withKeptExtraKeys(batch, olds, rotated)).toEqual(rotated);
    const list = { calls: [sip("sip:b@x", "pw-b")] };
    expect(withKeptExtraKeys(batch, olds, list)).toEqual(list);
  });

  it("a path inside calls is refused, naming the supported form; the whole field is fine", () => {
    expect(unsupportedIgnorePaths(batch, ["calls", "callSecrets", "throttle"])).toEqual([]);
    const [failure, ...rest] = unsupportedIgnorePaths(batch, ["calls[0].templateContext"]);
    expect(rest).toEqual([]);
    expect(failure?.property).toBe("calls");
    expect(failure?.reason).toContain("`calls[0].templateContext`");
    expect(failure?.reason).toContain('ignoreChanges: ["calls"]');
    expect(unsupportedIgnorePaths(batch, ["calls.metadata"])).toHaveLength(1);
  });
});
