/**
 * The program side of the calls text (src/calls-input.ts), as the resource class runs it: a call
 * list holding Outputs (SIP passwords from secret config) becomes one text plus `callSecrets`.
 * Whatever else the calls hold (user data that looks like the internal placeholder mark, a secret
 * under a `password` key that is not a SIP password, a `Date` or `URL`), no secret appears in plain
 * text (a secret the encoder cannot lift makes the whole text secret) and the text decodes back to
 * the calls the program meant, or the encoding fails saying so.
 */

import { fc, test } from "@fast-check/vitest";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect } from "vitest";
import { callsForEngine } from "../../src/batch/calls-input";
import { decodeCalls } from "../../src/batch/calls-text";
import { type Call, call, secretText } from "./generators";
import { runs } from "./world";

/** What user data may hold besides plain JSON: each a trap for the encoder. */
type Extra = "forged-mark" | "secret-object-under-password" | "date" | "url";

interface Case {
  /** The calls as the program writes them (secrets as Outputs). */
  input: unknown[];
  /** The same calls as plain data, in JSON form (what the service must receive). */
  meant: unknown[];
  /** Every string the program marked secret. */
  secrets: string[];
  /** Whether a call holds a secret object under `templateContext.password` (not liftable). */
  unliftable: boolean;
}

function build(calls: Call[], extras: Extra[], nested: string): Case {
  const input: unknown[] = [];
  const meant: unknown[] = [];
  const secrets = new Set<string>();
  let unliftable = false;
  calls.forEach((c, i) => {
    const plain = structuredClone(c) as Record<string, unknown>;
    const given = structuredClone(c) as Record<string, unknown>;
    const outgoing = (given.medium as { sip?: { outgoing?: Record<string, unknown> } } | undefined)?.sip
      ?.outgoing;
    if (typeof outgoing?.password === "string") {
      secrets.add(outgoing.password);
      outgoing.password = pulumi.secret(outgoing.password);
    }
    const extra = extras[i % Math.max(extras.length, 1)];
    if (extra === "forged-mark") {
      // User data (say, a CSV column) that happens to read like the encoder's internal mark.
      plain.metadata = { ...(plain.metadata as object), note: "\u0000pulumi-ultravox-password:0" };
      given.metadata = { ...(given.metadata as object), note: "\u0000pulumi-ultravox-password:0" };
    } else if (extra === "secret-object-under-password") {
      unliftable = true;
      secrets.add(nested);
      plain.templateContext = { password: { pin: nested } };
      given.templateContext = { password: pulumi.secret({ pin: nested }) };
    } else if (extra === "date") {
      plain.templateContext = { since: new Date(0).toJSON() };
      given.templateContext = { since: new Date(0) };
    } else if (extra === "url") {
      plain.templateContext = { page: "https://example.com/a" };
      given.templateContext = { page: new URL("https://example.com/a") };
    }
    input.push(given);
    meant.push(plain);
  });
  return { input, meant, secrets: [...secrets], unliftable };
}

/** The value of an Output, resolved outside a Pulumi program (no preview: every value is known). */
function resolved<T>(value: pulumi.Input<T> | undefined): Promise<T | undefined> {
  return new Promise((resolve) => {
    pulumi.output(value).apply((v) => {
      resolve(v as T | undefined);
      return v;
    });
  });
}

/** A case as data (so a counterexample prints readably); `build` makes the Outputs. */
const cases = fc.record({
  calls: fc.array(call, { minLength: 1, maxLength: 4 }),
  extras: fc.subarray(["forged-mark", "secret-object-under-password", "date", "url"] as Extra[]),
  nested: secretText("sippw"),
});

describe("properties: calls text from the program", () => {
  test.prop([cases], runs(50))(
    "calls holding Outputs encode to a text without secrets that decodes to the calls the program meant",
    async ({ calls, extras, nested }) => {
      const { input, meant, secrets, unliftable } = build(calls, extras, nested);
      let text: string | undefined;
      let textIsSecret = false;
      let callSecrets: string[] | undefined;
      try {
        const encoded = callsForEngine(input);
        text = await resolved(encoded.calls);
        textIsSecret =
          pulumi.Output.isInstance(encoded.calls) &&
          (await pulumi.isSecret(encoded.calls as pulumi.Output<string>));
        callSecrets = await resolved(encoded.callSecrets);
      } catch (error) {
        // Refusing is fine, if the message names the call at fault (and quotes no secret).
        const message = error instanceof Error ? error.message : String(error);
        expect(message).toMatch(/calls\[\d+\]/);
        for (const secret of secrets) expect(message).not.toContain(secret);
        return;
      }
      // A secret the encoder cannot lift (not a string at the SIP password path) makes the whole text
      // secret, so the state holds it encrypted; otherwise the text must hold no secret at all.
      if (!textIsSecret) {
        for (const secret of secrets)
          expect(text, `secret ${secret} in the calls text`).not.toContain(secret);
      }
      if (unliftable) expect(textIsSecret).toBe(true);
      const decoded = decodeCalls(text ?? "", callSecrets);
      expect(decoded.failures).toEqual([]);
      expect(decoded.calls).toEqual(JSON.parse(JSON.stringify(meant)));
    },
  );
});
