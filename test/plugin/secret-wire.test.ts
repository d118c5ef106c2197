import { describe, expect, it } from "vitest";
import { batch } from "../../src/batch/definition";
import { markSecrets, reveal, secretKeysIn } from "../../src/plugin/secret-wire";
import { SECRET_SIG } from "./plugin-process";

/** Secrets on the plugin's wire: which keys a program's secrets make secret in what it returns. */

const secret = (value: unknown) => ({ ...SECRET_SIG, value });
const sipCall = (password: unknown) => ({
  medium: { sip: { outgoing: { to: "sip:ada@example.com", username: "u", password } } },
});

describe("secret keys of a program's props", () => {
  it("a secret SIP password leaves calls in the clear: the engine form lifts it into callSecrets", () => {
    expect(secretKeysIn(batch, { calls: [sipCall(secret("pw"))] })).toEqual([]);
  });

  it("a secret anywhere else in a call makes the whole calls text secret", () => {
    expect(secretKeysIn(batch, { calls: [{ templateContext: { token: secret("t") } }] })).toEqual(["calls"]);
  });

  it("a secret top-level value stays secret", () => {
    expect(secretKeysIn(batch, { throttle: secret("x"), paused: true })).toEqual(["throttle"]);
  });
});

describe("marking and revealing", () => {
  it("marks the table's secret keys and the program's, once, and reveals every depth", () => {
    const marked = markSecrets(
      batch.secretKeys,
      { webhookSecret: "w", callSecrets: ["p"], throttle: "t", paused: true },
      ["throttle"],
    );
    expect(marked).toEqual({
      webhookSecret: secret("w"),
      callSecrets: secret(["p"]),
      throttle: secret("t"),
      paused: true,
    });
    expect(markSecrets(batch.secretKeys, marked)).toEqual(marked);
    expect(reveal({ a: [secret({ b: secret("c") })] })).toEqual({ a: [{ b: "c" }] });
  });

  it("reveals without copying what holds no secret: a large call list is not duplicated", () => {
    const calls = [{ medium: { webRtc: {} } }, { templateContext: { a: 1 } }];
    const props = { calls, webhookSecret: secret("w") };
    const revealed = reveal(props) as typeof props;
    expect(revealed).toEqual({ calls, webhookSecret: "w" });
    expect(revealed.calls).toBe(calls);
    expect(reveal(calls)).toBe(calls);
  });
});
