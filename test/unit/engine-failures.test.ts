import { describe, expect, it } from "vitest";
import { batch } from "../../src/batch/definition";
import { checkArgs } from "../../src/fields/check";
import { failuresForEngine } from "../../src/fields/engine-failures";
import { parsePath } from "../../src/json/paths";
import { AGENT } from "../fixtures";

describe("failuresForEngine", () => {
  const inputs = {
    windowEnd: "soon",
    calls: [
      { metadata: { "a.b": 7 } },
      { medium: { sip: { outgoing: { to: "sip:x@example.com", password: 'hunter2 "quoted"' } } } },
      { medium: { sip: { outgoing: { to: "x".repeat(500) } } } },
    ],
  };

  it("keeps a top-level failure for the engine to print with its value", () => {
    const failure = { property: "windowEnd", reason: "must be a date" };
    expect(failuresForEngine(batch, [failure], inputs)).toEqual([failure]);
  });

  it("moves a nested path and its value into the reason, shortening long values; none from a free-form map", () => {
    const [metadata, long] = failuresForEngine(
      batch,
      [
        { property: 'calls[0].metadata["a.b"]', reason: "must be a string" },
        { property: "calls[2].medium.sip.outgoing.to", reason: "too long" },
      ],
      inputs,
    );
    expect(metadata).toEqual({
      property: "",
      reason: 'calls[0].metadata["a.b"]: must be a string',
    });
    // A value inside calls is a person's: shown masked, never whole (privacy/masked-number.ts).
    expect(long!.reason).toBe("calls[2].medium.sip.outgoing.to (value ***): too long");
    expect(long!.reason.length).toBeLessThan(140);
  });

  it("never shows a password", () => {
    const [failure] = failuresForEngine(
      batch,
      [{ property: "calls[1].medium.sip.outgoing.password", reason: "bad" }],
      inputs,
    );
    expect(failure!.reason).toBe("calls[1].medium.sip.outgoing.password (value [secret]): bad");
    expect(failure!.reason).not.toContain("hunter2");
  });

  it("shows no value for a property that is missing", () => {
    const [failure] = failuresForEngine(
      batch,
      [{ property: "calls[0].medium", reason: "is required" }],
      inputs,
    );
    expect(failure).toEqual({ property: "", reason: "calls[0].medium: is required" });
  });

  it("parsePath reads what formatPath writes", () => {
    expect(parsePath('calls[3].metadata["ultravox.source"].x')).toEqual([
      "calls",
      3,
      "metadata",
      "ultravox.source",
      "x",
    ]);
  });
});

describe("failuresForEngine never shows a secret through another failure", () => {
  const secret = "Zebra-Secret-9f8e7d6c";
  const sip = (outgoing: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    medium: { sip: { outgoing: { to: "sip:lead@sip.example.com", ...outgoing }, ...extra } },
  });
  const webRtc = (call: Record<string, unknown>) => ({ medium: { webRtc: {} }, ...call });

  // Secret marks are stripped before check in a dynamic provider, so a value the program made
  // secret (a password, or any value in a free-form map) arrives as plain text.
  it.each([
    [
      "a failure on a medium holding a SIP password",
      [{ ...sip({ password: secret }), medium: { ...sip({ password: secret }).medium, webRtc: {} } }],
    ],
    ["a failure on the SIP medium itself", [sip({ password: secret }, { incoming: {} })]],
    ["a misspelled password key", [sip({ username: "u", passwrd: secret })]],
    ["a failure on a call holding secrets in free-form maps", [[webRtc({ metadata: { token: secret } })]]],
    ["a non-string metadata value the program made secret", [webRtc({ metadata: { pin: 918273 } })]],
  ])("%s", (_name, calls) => {
    const raw = { agentId: AGENT, webhookUrl: "https://example.com/hook", calls };
    const { failures } = checkArgs(batch, raw);
    expect(failures.length).toBeGreaterThan(0);
    const shown = JSON.stringify(failuresForEngine(batch, failures, raw));
    expect(shown).not.toContain("Zebra");
    expect(shown).not.toContain("918273");
  });
});

describe("failuresForEngine never echoes a value equal to or containing a secret of the inputs", () => {
  const password = "Okapi-Pass-1c2d3e4f";
  const apiKey = "okapikey1.abcdefghijklmnopqrstuvwxyz";
  const sipCall = (outgoing: Record<string, unknown>) => ({
    medium: { sip: { outgoing: { password, ...outgoing } } },
  });
  const shownFor = (raw: Record<string, unknown>) => {
    const { failures } = checkArgs(batch, raw);
    expect(failures.length).toBeGreaterThan(0);
    return failuresForEngine(batch, failures, raw, [apiKey]);
  };

  it.each([
    ["a SIP `to` equal to the password", password],
    ["a SIP `to` containing the password", `tel ${password}`],
    ["a SIP `to` equal to the API key", apiKey],
  ])("%s", (_name, to) => {
    const failures = shownFor({ agentId: AGENT, calls: [sipCall({ to })] });
    expect(failures).toEqual([
      {
        property: "",
        reason: expect.stringMatching(/^calls\[0\]\.medium\.sip\.outgoing\.to \(value \[secret\]\): /),
      },
    ]);
    expect(JSON.stringify(failures)).not.toMatch(/Okapi|okapikey/);
  });

  it("a top-level value equal to the webhook secret is not left for the engine to print", () => {
    const webhookSecret = `whsec-${"k".repeat(70)}`;
    const failures = shownFor({
      agentId: AGENT,
      calls: [{ medium: { webRtc: {} } }],
      webhookUrl: "https://example.com/hook",
      webhookSecret,
      throttle: webhookSecret,
    });
    expect(failures).toEqual([
      { property: "", reason: expect.stringMatching(/^throttle \(value \[secret\]\): must be at most 64/) },
    ]);
  });

  it("a reason that quotes a secret (an unknown key spelled as the password) is scrubbed", () => {
    const failures = shownFor({
      agentId: AGENT,
      calls: [sipCall({ to: "sip:a@x.example", [password]: "x" })],
    });
    expect(JSON.stringify(failures)).not.toContain("Okapi");
    expect(JSON.stringify(failures)).toContain("[secret]");
  });

  it("a value inside calls is shown masked only", () => {
    const failures = shownFor({
      agentId: AGENT,
      calls: [{ medium: { sip: { outgoing: { to: "not a sip uri", username: "u" } } } }],
    });
    expect(failures[0]?.reason).toContain("(value ***)");
    expect(failures[0]?.reason).not.toContain("not a sip uri");
  });
});

it("a phone number failure quotes no part of a number that is a secret", () => {
  const password = "+1415555";
  const raw = {
    agentId: AGENT,
    calls: [
      { medium: { twilio: { outgoing: { to: password, from: "+14155550100" } } } },
      { medium: { sip: { outgoing: { to: "sip:a@x.example", password } } } },
    ],
  };
  const { failures } = checkArgs(batch, raw);
  expect(failures.map((f) => f.property)).toEqual(["calls[0].medium.twilio.outgoing.to"]);
  expect(JSON.stringify(failuresForEngine(batch, failures, raw))).not.toContain("+141");
});

describe("identical failures, grouped", () => {
  const twilio = (from: unknown, to = "+14155550101") => ({ medium: { twilio: { outgoing: { to, from } } } });

  it("a number where a string is expected, in 2,000 calls: ONE failure saying what happened, how to quote it, which calls", () => {
    const raw = { agentId: AGENT, calls: Array.from({ length: 2000 }, () => twilio(14155550100)) };
    const { failures } = checkArgs(batch, raw);
    const shown = failuresForEngine(batch, failures, raw);
    expect(shown).toHaveLength(1);
    const reason = shown[0]!.reason;
    expect(reason).toMatch(
      /^calls\[0-1999\]\.medium\.twilio\.outgoing\.from \(2000 calls; value 14\*\*\*00\): /,
    );
    expect(reason).toContain("is a number where a string is expected");
    expect(reason).toContain('Quote it in YAML (`"+441632960961"`)');
    expect(reason).toContain("pulumi config set --path --type string caller.id");
    expect(reason.length).toBeLessThan(600);
  });

  it("lists the affected calls as ranges, and keeps apart failures that differ in place, reason or value", () => {
    const calls = Array.from({ length: 12 }, (_, i) =>
      twilio("+14155550100", `+1415555${String(i).padStart(4, "0")}`),
    );
    for (const i of [0, 1, 2, 5, 9, 10]) calls[i] = twilio(14155550100);
    calls[7] = twilio("+14155550100", "555-0101");
    calls[8] = twilio("+14155550100", "555-0101");
    calls[11] = twilio("+14155550100", "555-0199");
    const raw = { agentId: AGENT, calls };
    const reasons = failuresForEngine(batch, checkArgs(batch, raw).failures, raw).map((f) => f.reason);
    expect(reasons).toHaveLength(3);
    expect(reasons).toContainEqual(
      expect.stringMatching(
        /^calls\[0-2, 5, 9-10\]\.medium\.twilio\.outgoing\.from \(6 calls; value 14\*\*\*00\)/,
      ),
    );
    expect(reasons).toContainEqual(
      expect.stringMatching(
        /^calls\[7-8\]\.medium\.twilio\.outgoing\.to \(2 calls; value 55\*\*\*01\): must be an E\.164/,
      ),
    );
    expect(reasons).toContainEqual(
      expect.stringMatching(
        /^calls\[11\]\.medium\.twilio\.outgoing\.to \(value 55\*\*\*99\): must be an E\.164/,
      ),
    );
  });

  it("the number's reason never quotes the value itself (it may sit at a secret path)", () => {
    const raw = {
      agentId: AGENT,
      calls: [{ medium: { sip: { outgoing: { to: "sip:a@x.example", password: 987654321 } } } }],
    };
    const shown = failuresForEngine(batch, checkArgs(batch, raw).failures, raw);
    expect(JSON.stringify(shown)).not.toContain("987654321");
  });
});
