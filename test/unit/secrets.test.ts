import { describe, expect, it } from "vitest";
import { encodeCalls } from "../../src/batch/calls-text";
import { batch } from "../../src/batch/definition";
import { secretsIn } from "../../src/fields/secrets";

describe("secretsIn: the secrets that messages scrub", () => {
  const calls = [
    { medium: { sip: { outgoing: { to: "sip:a@x", password: "sip-pass" } } } },
    { medium: { webRtc: {} }, templateContext: { password: "tc-data" }, metadata: { password: "md-data" } },
    { medium: { sip: { outgoing: { to: "sip:b@x", password: 1234 } } } },
  ];

  it("holds the webhook secret and the strings at the SIP password path, nothing else", () => {
    expect(secretsIn(batch, { webhookSecret: "whsec", calls })).toEqual(["whsec", "sip-pass"]);
  });

  it("finds the passwords of stored outputs in callSecrets", () => {
    const { text, secrets } = encodeCalls(calls);
    expect(secretsIn(batch, { webhookSecret: "whsec", calls: text, callSecrets: secrets })).toEqual([
      "whsec",
      "sip-pass",
    ]);
  });

  it("skips empty strings and anything that is not an object", () => {
    expect(secretsIn(batch, { webhookSecret: "", callSecrets: ["", "x"] })).toEqual(["x"]);
    expect(secretsIn(batch, "whsec")).toEqual([]);
  });
});
