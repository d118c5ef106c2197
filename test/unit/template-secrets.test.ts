import { describe, expect, it } from "vitest";
import { agent } from "../../src/agent/definition";
import { TEMPLATE_SECRETS_KEY, templateSecretsApart } from "../../src/agent/template-secrets";
import { isSecretPath } from "../../src/fields/definition";
import { fromEngine, toEngine, withKeptExtraKeys } from "../../src/fields/engine-form";
import { secretsIn } from "../../src/fields/secrets";

/** An agent's shared secrets and tool auth tokens cross the engine apart from the template. */

const TEMPLATE = {
  systemPrompt: "Hello {{name}}.",
  sharedSecrets: ["s-one", "s-two"],
  selectedTools: [{ toolName: "hangUp" }, { toolName: "lookup", authTokens: { apiKey: "t-three" } }],
};

describe("callTemplate in engine form", () => {
  it("holds placeholders, the secrets beside it in the secret key, and decodes back", () => {
    const engine = toEngine(agent, { name: "a", callTemplate: TEMPLATE });
    expect(engine.callTemplate).toEqual({
      systemPrompt: "Hello {{name}}.",
      sharedSecrets: ["$secret:0", "$secret:1"],
      selectedTools: [{ toolName: "hangUp" }, { toolName: "lookup", authTokens: { apiKey: "$secret:2" } }],
    });
    expect(engine[TEMPLATE_SECRETS_KEY]).toEqual(["s-one", "s-two", "t-three"]);
    expect(agent.secretKeys).toContain(TEMPLATE_SECRETS_KEY);
    expect(JSON.stringify(engine.callTemplate)).not.toMatch(/s-one|s-two|t-three/);
    expect(fromEngine(agent, engine)).toEqual({ props: { name: "a", callTemplate: TEMPLATE }, failures: [] });
  });

  it("is left as it is when already encoded, and a template without secrets has no secret key", () => {
    const engine = toEngine(agent, { callTemplate: TEMPLATE });
    expect(toEngine(agent, engine)).toEqual(engine);
    expect(toEngine(agent, { callTemplate: { voice: "Mark" } })).toEqual({ callTemplate: { voice: "Mark" } });
  });

  it("decodes a template stored in program form (state written before), and fails on a dangling placeholder", () => {
    expect(templateSecretsApart.decode({ callTemplate: TEMPLATE }).value).toEqual(TEMPLATE);
    const dangling = templateSecretsApart.decode({ callTemplate: { sharedSecrets: ["$secret:4"] } });
    expect(dangling.failures).toEqual([
      { property: "callTemplate", reason: expect.stringContaining("no value") },
    ]);
  });

  it("counts every secret for messages, at its path", () => {
    expect(secretsIn(agent, { callTemplate: TEMPLATE })).toEqual(
      expect.arrayContaining(["s-one", "t-three"]),
    );
    expect(isSecretPath(agent, ["callTemplate", "sharedSecrets", 1])).toBe(true);
    expect(isSecretPath(agent, ["callTemplate", "selectedTools", 1, "authTokens", "apiKey"])).toBe(true);
    expect(isSecretPath(agent, ["callTemplate", "selectedTools", 1, "toolName"])).toBe(false);
  });
});

describe('ignoreChanges: ["callTemplate"] through the plugin', () => {
  it("keeps the stored secrets for the stored template the engine copied into the new inputs", () => {
    const olds = toEngine(agent, { name: "a", callTemplate: TEMPLATE });
    // The engine copied the stored template; the plugin's program sends no callTemplateSecrets.
    const news = withKeptExtraKeys(agent, olds, { name: "a", callTemplate: olds.callTemplate });
    expect(fromEngine(agent, news)).toEqual({ props: { name: "a", callTemplate: TEMPLATE }, failures: [] });
    // A template the program wrote itself keeps its own secrets.
    const own = { name: "a", callTemplate: { ...TEMPLATE, sharedSecrets: ["new"] } };
    expect(withKeptExtraKeys(agent, olds, own)).toEqual(own);
  });
});
