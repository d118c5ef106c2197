import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import {
  checkCallsAgainstTemplate,
  checkTemplateContext,
  MAX_NAMED_CALLS,
  promptRequirements,
  readPromptTemplate,
  templateVariables,
} from "../../src/agent/prompt-variables";

const position = (_call: unknown, n: number) => `call #${n}`;

describe("the variables a systemPrompt uses", () => {
  it("finds plain, triple, ampersand and dotted variables, each once, in order", () => {
    const prompt =
      "Hi {{ customerName }}, about order {{{orderId}}} for {{& customer.city}}. Bye {{customerName}}.";
    expect(templateVariables(prompt)).toEqual(["customerName", "orderId", "customer.city"]);
  });

  it("leaves out sections, what is inside them, comments and partials", () => {
    const prompt = "{{! a note }}{{> footer}}{{#vip}}Dear {{title}} {{/vip}}{{^vip}}Hello{{/vip}} {{name}}";
    expect(templateVariables(prompt)).toEqual(["name"]);
  });

  it("stops reading at a delimiter change, and ignores text that is no variable", () => {
    expect(templateVariables("{{a}} {{=<% %>=}} <% b %> {{c}}")).toEqual(["a"]);
    expect(templateVariables("{{ }} {{1abc}} {{a b}} {single} plain")).toEqual([]);
  });

  test.prop([fc.array(fc.stringMatching(/^[a-z][a-zA-Z0-9_]{0,8}$/), { minLength: 1, maxLength: 6 })])(
    "every variable written into prompt text is found, and nothing else",
    (names) => {
      const prompt = names.map((name, i) => `line ${i}: {{${name}}} and {single}`).join("\n");
      expect(templateVariables(prompt)).toEqual([...new Set(names)]);
    },
  );
});

describe("one call's templateContext against the template", () => {
  it("names each variable the prompt uses and the context lacks (missing or null)", () => {
    const needs = promptRequirements({ systemPrompt: "Hi {{customerName}} from {{account.city}}" });
    expect(checkTemplateContext(needs, { customerName: "Ada", account: { city: "Oslo" } })).toEqual([]);
    expect(checkTemplateContext(needs, { customerName: null, account: {} })).toEqual([
      "templateContext lacks customerName, which the agent's systemPrompt uses ({{customerName}})",
      "templateContext lacks account.city, which the agent's systemPrompt uses ({{account.city}})",
    ]);
    expect(checkTemplateContext(needs, undefined)).toHaveLength(2);
  });

  it("reports contextSchema violations by path and rule, never by value", () => {
    const needs = promptRequirements({
      systemPrompt: "Hi {{customerName}}",
      contextSchema: {
        type: "object",
        required: ["customerName", "tier"],
        properties: {
          customerName: { type: "string" },
          tier: { enum: ["gold", "silver"] },
          callback: { type: "string", format: "date" },
        },
      },
    });
    const problems = checkTemplateContext(needs, { tier: "+14155550123", callback: "tomorrow" });
    expect(problems).toEqual([
      "templateContext lacks customerName, which the agent's systemPrompt uses ({{customerName}})",
      "templateContext.tier must be equal to one of the allowed values (contextSchema)",
      'templateContext.callback must match format "date" (contextSchema)',
    ]);
    expect(problems.join("\n")).not.toContain("4155550123");
    expect(checkTemplateContext(needs, {})).toContain(
      "templateContext lacks tier, which the agent's contextSchema requires",
    );
  });

  it("says so when the contextSchema is not a JSON Schema", () => {
    const needs = promptRequirements({ systemPrompt: "plain", contextSchema: { type: "no-such-type" } });
    expect(checkTemplateContext(needs, {})).toEqual([
      expect.stringMatching(/^the agent's contextSchema is not a valid JSON Schema \(/),
    ]);
  });

  test.prop([fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), fc.string(), { minKeys: 1, maxKeys: 5 })])(
    "a context that supplies every variable passes; removing any one names exactly it",
    (context) => {
      const names = Object.keys(context);
      const needs = promptRequirements({ systemPrompt: names.map((n) => `{{${n}}}`).join(" ") });
      expect(checkTemplateContext(needs, context)).toEqual([]);
      const [dropped, ...kept] = names;
      const partial = Object.fromEntries(kept.map((n) => [n, context[n]]));
      expect(checkTemplateContext(needs, partial)).toEqual([
        `templateContext lacks ${dropped}, which the agent's systemPrompt uses ({{${dropped}}})`,
      ]);
    },
  );
});

describe("a list of calls", () => {
  const template = { systemPrompt: "Hello {{customerName}}" };

  it("names each failing call and its missing variable", () => {
    const calls = [{ templateContext: { customerName: "Ada" } }, { templateContext: {} }, {}];
    expect(checkCallsAgainstTemplate(calls, template, position)).toEqual([
      "call #2: templateContext lacks customerName, which the agent's systemPrompt uses ({{customerName}})",
      "call #3: templateContext lacks customerName, which the agent's systemPrompt uses ({{customerName}})",
    ]);
  });

  it(`names at most ${MAX_NAMED_CALLS} calls and sums up the rest`, () => {
    const calls = Array.from({ length: MAX_NAMED_CALLS + 5 }, () => ({}));
    const lines = checkCallsAgainstTemplate(calls, template, position);
    expect(lines).toHaveLength(MAX_NAMED_CALLS + 1);
    expect(lines.at(-1)).toBe("... and 5 more calls whose templateContext does not fit the agent");
  });

  it("passes every call of a template with no variable and no schema", () => {
    expect(
      checkCallsAgainstTemplate([{}, { templateContext: { x: 1 } }], { systemPrompt: "Hi" }, position),
    ).toEqual([]);
  });
});

describe("values not known yet (preview)", () => {
  const PENDING = Symbol("pending");
  const pending = (value: unknown) => value === PENDING;
  const template = {
    systemPrompt: "Hello {{customerName}}, your code is {{code}} ({{account.city}})",
    contextSchema: { type: "object", properties: { code: { type: "integer" } } },
  };

  it("counts a pending value as present and holds a context with one to no schema yet", () => {
    const calls = [
      PENDING,
      { templateContext: PENDING },
      { templateContext: { customerName: PENDING, code: 7, account: PENDING } },
    ];
    expect(checkCallsAgainstTemplate(calls, template, position, pending)).toEqual([]);
  });

  it("still names a variable missing beside a pending one", () => {
    const calls = [{ templateContext: { customerName: PENDING, account: { city: PENDING } } }];
    expect(checkCallsAgainstTemplate(calls, template, position, pending)).toEqual([
      "call #1: templateContext lacks code, which the agent's systemPrompt uses ({{code}})",
    ]);
  });
});

describe("every spoken template field, not only the systemPrompt", () => {
  it("names the first field that uses each variable", () => {
    const needs = promptRequirements({
      systemPrompt: "Hello {{customerName}}",
      languageHint: "{{language}}",
      timeExceededMessage: "Goodbye {{customerName}}, call {{callbackNumber}}",
      inactivityMessages: [{ duration: "30s" }, { duration: "10s", message: "{{agentName}} is still here" }],
    });
    expect(needs.variables).toEqual([
      { name: "customerName", field: "systemPrompt" },
      { name: "language", field: "languageHint" },
      { name: "callbackNumber", field: "timeExceededMessage" },
      { name: "agentName", field: "inactivityMessages[1].message" },
    ]);
    expect(checkTemplateContext(needs, { customerName: "Ada", language: "en", agentName: "Sam" })).toEqual([
      "templateContext lacks callbackNumber, which the agent's timeExceededMessage uses ({{callbackNumber}})",
    ]);
  });

  it("reads a template from what an agent answers, and nothing from what is none", () => {
    expect(readPromptTemplate({ systemPrompt: "Hi {{a}}", voice: "Mark" })).toEqual({
      systemPrompt: "Hi {{a}}",
      voice: "Mark",
    });
    expect(readPromptTemplate(null)).toBe(undefined);
    expect(readPromptTemplate("text")).toBe(undefined);
  });
});
