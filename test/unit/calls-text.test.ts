import { describe, expect, it } from "vitest";
import { decodeCalls, encodeCalls } from "../../src/batch/calls-text";
import { batch } from "../../src/batch/definition";
import { checkArgs, checkForEngine } from "../../src/fields/check";
import { fromEngine, toEngine } from "../../src/fields/engine-form";
import { UNKNOWN } from "../../src/fields/unknown";
import { AGENT } from "../fixtures";

const sip = (to: string, password?: string) => ({
  medium: { sip: { outgoing: { to, username: "u", ...(password === undefined ? {} : { password }) } } },
});

describe("calls as canonical JSON Lines", () => {
  it("one call per line, keys sorted, compact; equal passwords share one placeholder", () => {
    const { text, secrets } = encodeCalls([
      { metadata: { b: "2", a: "1" }, medium: { webRtc: {} } },
      sip("sip:a@x", "pw-1"),
      sip("sip:b@x", "pw-2"),
      sip("sip:c@x", "pw-1"),
    ]);
    expect(text.split("\n")).toEqual([
      '{"medium":{"webRtc":{}},"metadata":{"a":"1","b":"2"}}',
      '{"medium":{"sip":{"outgoing":{"password":"$secret:0","to":"sip:a@x","username":"u"}}}}',
      '{"medium":{"sip":{"outgoing":{"password":"$secret:1","to":"sip:b@x","username":"u"}}}}',
      '{"medium":{"sip":{"outgoing":{"password":"$secret:0","to":"sip:c@x","username":"u"}}}}',
      "",
    ]);
    expect(secrets).toEqual(["pw-1", "pw-2"]);
    expect(text).not.toContain("pw-");
    expect(decodeCalls(text, secrets)).toEqual({
      calls: [
        { medium: { webRtc: {} }, metadata: { a: "1", b: "2" } },
        sip("sip:a@x", "pw-1"),
        sip("sip:b@x", "pw-2"),
        sip("sip:c@x", "pw-1"),
      ],
      failures: [],
    });
  });

  it("only a string at the SIP password path is lifted; a password key elsewhere is user data", () => {
    const calls = [
      { medium: { webRtc: {} }, templateContext: { password: "tc-pass" }, metadata: { password: "md-pass" } },
      { medium: { sip: { outgoing: { to: "sip:a@x", password: 1234 } } } },
      { experimentalSettings: { sip: { outgoing: { password: "ex-pass" } } } },
    ];
    const { text, secrets } = encodeCalls(calls);
    expect(secrets).toEqual([]);
    expect(text).not.toContain("$secret:");
    expect(decodeCalls(text, secrets)).toEqual({ calls, failures: [] });
  });

  it("a placeholder is decoded at the SIP password path only; elsewhere it stays user data", () => {
    const text = JSON.stringify({
      medium: { sip: { outgoing: { password: "$secret:0", to: "sip:a@x" } } },
      metadata: { note: "$secret:0" },
      templateContext: { password: "$secret:0", nested: { password: "$secret:0" } },
    });
    const { calls, failures } = decodeCalls(text, ["pw-real"]);
    expect(failures).toEqual([]);
    expect(calls).toEqual([
      {
        medium: { sip: { outgoing: { password: "pw-real", to: "sip:a@x" } } },
        metadata: { note: "$secret:0" },
        templateContext: { password: "$secret:0", nested: { password: "$secret:0" } },
      },
    ]);
  });

  it("a password that looks like a placeholder is lifted like any other and comes back as written", () => {
    const calls = [sip("sip:a@x", "pw-real"), sip("sip:b@x", "$secret:0")];
    const { text, secrets } = encodeCalls(calls);
    expect(secrets).toEqual(["pw-real", "$secret:0"]);
    expect(text).not.toContain("pw-real");
    expect(decodeCalls(text, secrets).calls).toEqual(calls);
  });

  it("a newline inside a value stays on its call's line", () => {
    const { text } = encodeCalls([{ templateContext: { note: "two\nlines" } }, { metadata: { a: "b" } }]);
    expect(text.split("\n")).toHaveLength(3);
  });

  it("every line ends with a newline: appending calls leaves the old text a prefix, the old last line unchanged", () => {
    const first = [{ metadata: { n: "1" } }, { metadata: { n: "2" } }];
    const before = encodeCalls(first).text;
    const after = encodeCalls([...first, { metadata: { n: "3" } }]).text;
    // The CLI shows a changed text as a line diff: only the appended line differs.
    expect(before.endsWith("\n")).toBe(true);
    expect(after.startsWith(before)).toBe(true);
    expect(after.slice(before.length)).toBe('{"metadata":{"n":"3"}}\n');
    expect(encodeCalls([]).text).toBe("");
  });

  it("a text stored before lines ended with a newline decodes to the same calls", () => {
    const calls = [{ metadata: { n: "1" } }, sip("sip:a@x", "pw")];
    const { text, secrets } = encodeCalls(calls);
    expect(decodeCalls(text.slice(0, -1), secrets)).toEqual(decodeCalls(text, secrets));
    expect(decodeCalls(text, secrets).calls).toEqual(calls);
  });

  it("bad lines and dangling placeholders fail naming the call", () => {
    const text = [
      '{"medium":{"webRtc":{}}}',
      "{not json",
      '{"medium":{"sip":{"outgoing":{"password":"$secret:3","to":"sip:a@x"}}}}',
    ].join("\n");
    const { failures } = decodeCalls(text, ["only-one"]);
    expect(failures.map((f) => f.property)).toEqual(["calls[1]", "calls[2].medium.sip.outgoing.password"]);
  });

  it("unknown text or unknown secrets decode to unknown", () => {
    expect(decodeCalls(UNKNOWN, undefined).calls).toBe(UNKNOWN);
    const { text } = encodeCalls([sip("sip:a@x", "pw")]);
    expect(decodeCalls(text, UNKNOWN).calls).toBe(UNKNOWN);
  });

  it("toEngine and fromEngine round-trip, and leave text and unknowns alone", () => {
    const args = { agentId: AGENT, calls: [sip("sip:a@x", "pw")] };
    const engine = toEngine(batch, args);
    expect(engine).toEqual({
      agentId: AGENT,
      calls: '{"medium":{"sip":{"outgoing":{"password":"$secret:0","to":"sip:a@x","username":"u"}}}}\n',
      callSecrets: ["pw"],
      callCount: 1,
    });
    expect(toEngine(batch, engine)).toEqual(engine);
    expect(fromEngine(batch, engine)).toEqual({ props: args, failures: [] });
    expect(toEngine(batch, { agentId: AGENT, calls: [{ medium: UNKNOWN }] })).toEqual({
      agentId: AGENT,
      calls: UNKNOWN,
    });
  });
});

describe("check with calls as text", () => {
  const twilio = (to: string) => ({ medium: { twilio: { outgoing: { to, from: "+14155550100" } } } });

  it("validates the parsed list: failures still name calls[i]", () => {
    const { text } = encodeCalls([twilio("+14155550123"), twilio("4155550123")]);
    const { failures } = checkArgs(batch, { agentId: AGENT, calls: text });
    expect(failures.map((f) => f.property)).toEqual(["calls[1].medium.twilio.outgoing.to"]);
  });

  it("returns the canonical text whether calls came as text or as a list", () => {
    const calls = [
      { medium: { twilio: { outgoing: { from: "+14155550100", to: "+14155550123" } } } },
      sip("sip:a@x", "pw"),
    ];
    const fromList = checkForEngine(batch, { agentId: AGENT, calls });
    expect(fromList.failures).toEqual([]);
    const fromText = checkForEngine(batch, { agentId: AGENT, ...toEngine(batch, { calls }) });
    expect(fromText).toEqual(fromList);
    expect(fromList.inputs.callSecrets).toEqual(["pw"]);
    expect(String(fromList.inputs.calls)).not.toContain('"pw"');
  });

  it("an empty text is an empty list", () => {
    const { failures } = checkArgs(batch, { agentId: AGENT, calls: "" });
    expect(failures).toEqual([{ property: "calls", reason: "must hold at least one call" }]);
  });
});
