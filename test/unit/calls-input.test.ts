import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { callsForEngine } from "../../src/batch/calls-input";

/**
 * The program side of the calls text: what the engine receives for `calls` and `callSecrets`, and
 * whether each is secret, for call lists holding Outputs (a password from secret config).
 */

const PASSWORD = "sip-pass-program-side-5d1c";
const sip = (password: unknown) => ({
  medium: { sip: { outgoing: { to: "sip:lead@sip.example.com", username: "u", password } } },
});

function resolved<T>(input: pulumi.Input<T> | undefined): Promise<T | undefined> {
  return new Promise((resolve) => pulumi.output(input).apply((value) => resolve(value as T)));
}

async function engineForm(calls: unknown[]) {
  const engine = callsForEngine(calls);
  const text = pulumi.output(engine.calls);
  return {
    text: await resolved(text),
    textSecret: await pulumi.isSecret(text),
    secrets: await resolved(engine.callSecrets),
  };
}

describe("calls with Outputs reach the engine without a secret in plain text", () => {
  it("a secret SIP password goes to callSecrets; the lines stay plain and hold its placeholder", async () => {
    const { text, textSecret, secrets } = await engineForm([sip(pulumi.secret(PASSWORD))]);
    expect(textSecret).toBe(false);
    expect(text).toContain('"password":"$secret:0"');
    expect(text).not.toContain(PASSWORD);
    expect(secrets).toEqual([PASSWORD]);
  });

  it("user data that imitates the internal mark stays user data and never brings a password back", async () => {
    const forged = "\u0000pulumi-ultravox-password:0";
    const { text, textSecret, secrets } = await engineForm([
      { ...sip(pulumi.secret(PASSWORD)), metadata: { note: forged } },
      { medium: { webRtc: {} }, templateContext: { password: forged } },
    ]);
    expect(textSecret).toBe(false);
    expect(text).not.toContain(PASSWORD);
    expect(secrets).toEqual([PASSWORD]);
    const lines = (text ?? "")
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line));
    expect(lines[0].metadata.note).toBe(forged);
    expect(lines[1].templateContext.password).toBe(forged);
  });

  it("a value at the password path that imitates the mark is that call's own password", async () => {
    const { text, secrets } = await engineForm([
      sip(pulumi.secret(PASSWORD)),
      sip(pulumi.output("\u0000pulumi-ultravox-password:0")),
    ]);
    expect(secrets).toEqual([PASSWORD, "\u0000pulumi-ultravox-password:0"]);
    expect(text).not.toContain(PASSWORD);
  });

  it("a secret under a password key outside the SIP password path keeps the text secret", async () => {
    const { text, textSecret, secrets } = await engineForm([
      { medium: { webRtc: {} }, templateContext: { password: pulumi.secret({ pin: "tc-secret-7a2b" }) } },
      { medium: { webRtc: {} }, metadata: { password: pulumi.secret("md-secret-3c4d") } },
    ]);
    expect(textSecret).toBe(true);
    expect(secrets).toBeUndefined();
    expect(text).toContain("tc-secret-7a2b"); // the value is kept as written, inside a secret
  });

  it("a secret that is not a string at the password path keeps the text secret", async () => {
    for (const password of [pulumi.secret(918273), pulumi.secret({ nested: "obj-secret-8e9f" })]) {
      const { textSecret, secrets } = await engineForm([sip(password)]);
      expect(textSecret).toBe(true);
      expect(secrets).toBeUndefined();
    }
  });

  it("a plain list with no Output: only the SIP password string is lifted", async () => {
    const { text, textSecret, secrets } = await engineForm([
      { ...sip(PASSWORD), templateContext: { password: "tc-plain" } },
    ]);
    expect(textSecret).toBe(false);
    expect(secrets).toEqual([PASSWORD]);
    expect(text).toContain('"templateContext":{"password":"tc-plain"}');
  });
});
