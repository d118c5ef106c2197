import { type PolicyResource, unknownCheckingProxy } from "@pulumi/policy";
import { describe, expect, it } from "vitest";
import { stackResources } from "../../examples/guardrails-policy/rules/known-props";
import {
  PENDING,
  promptVariableViolations,
  type StackResource,
} from "../../examples/guardrails-policy/rules/prompt-variables";

/**
 * The prompt-variables stack policy on analyzer fixtures: an Agent and batches as a preview hands
 * them to the pack (both doors), the agent found by the agentId's property dependency or value.
 */

const AGENT_ID = "11111111-2222-4333-8444-555555555555";
const PLUGIN_BATCH = "ultravox:index:ScheduledBatch";
const DYNAMIC_BATCH = "pulumi-nodejs:dynamic/ultravox:ScheduledBatch";
const twilio = { twilio: { outgoing: { to: "+14155550123", from: "+14155550100" } } };
const CALL_TEMPLATE = {
  systemPrompt: "You are calling {{customerName}} about {{order.id}}.",
  contextSchema: { type: "object", properties: { customerName: { type: "string" } } },
};
const LACKS_NAME =
  "templateContext lacks customerName, which the agent's systemPrompt uses ({{customerName}})";

function resource(type: string, name: string, props: Record<string, unknown>): StackResource {
  return { type, name, urn: `urn:pulumi:dev::p::${type}::${name}`, props, propertyDependencies: {} };
}

function agent(type = "ultravox:index:Agent", props: Record<string, unknown> = {}): StackResource {
  return resource(type, "support", { name: "support", callTemplate: CALL_TEMPLATE, ...props });
}

const fits = { medium: twilio, templateContext: { customerName: "Ada", order: { id: "o-1" } } };
const lacksName = { medium: twilio, templateContext: { order: { id: "o-2" } } };

describe("a batch whose agent is declared in the stack", () => {
  it("at the first preview, finds the agent by the agentId's dependency and names the failing call", () => {
    const theAgent = agent();
    const batch = resource(PLUGIN_BATCH, "reminders", { agentId: PENDING, calls: [fits, lacksName] });
    batch.propertyDependencies.agentId = [theAgent];
    expect(promptVariableViolations([theAgent, batch])).toEqual([
      { urn: batch.urn, message: `batch "reminders" under agent "support": call #2: ${LACKS_NAME}` },
    ]);
  });

  it("finds it by value once its id is known, through the dynamic door (calls as JSON Lines)", () => {
    const theAgent = agent("pulumi-nodejs:dynamic/ultravox:Agent", {
      agentId: AGENT_ID,
      callTemplate: JSON.stringify(CALL_TEMPLATE),
    });
    const lines = [lacksName, fits].map((call) => `${JSON.stringify(call)}\n`).join("");
    const batch = resource(DYNAMIC_BATCH, "reminders", { agentId: AGENT_ID, calls: lines });
    const [violation] = promptVariableViolations([theAgent, batch]);
    expect(violation?.message).toBe(`batch "reminders" under agent "support": call #1: ${LACKS_NAME}`);
    expect(violation?.message).not.toContain("5550123");
  });

  it("passes calls that fit, and leaves alone what it cannot see", () => {
    const theAgent = agent("ultravox:index:Agent", { agentId: AGENT_ID });
    const fine = resource(PLUGIN_BATCH, "fine", { agentId: AGENT_ID, calls: [fits] });
    const elsewhere = resource(PLUGIN_BATCH, "bare", {
      agentId: "99999999-8888-4777-8666-555555555555",
      calls: [lacksName],
    });
    const pendingCalls = resource(PLUGIN_BATCH, "later", { agentId: AGENT_ID, calls: PENDING });
    const pendingPrompt = agent("ultravox:index:Agent", {
      agentId: "a2",
      callTemplate: { systemPrompt: PENDING },
    });
    const underPending = resource(PLUGIN_BATCH, "p", { agentId: "a2", calls: [lacksName] });
    expect(
      promptVariableViolations([theAgent, fine, elsewhere, pendingCalls, pendingPrompt, underPending]),
    ).toEqual([]);
  });
});

describe("a template partly unknown at preview", () => {
  it("checks the prompt when only the contextSchema is unknown, and skips the agent when a spoken field is", () => {
    const schemaLater = agent("ultravox:index:Agent", {
      agentId: "a1",
      callTemplate: { ...CALL_TEMPLATE, contextSchema: PENDING },
    });
    const hintLater = agent("ultravox:index:Agent", {
      agentId: "a2",
      callTemplate: { ...CALL_TEMPLATE, languageHint: PENDING },
    });
    const underSchemaLater = resource(PLUGIN_BATCH, "one", { agentId: "a1", calls: [lacksName] });
    const underHintLater = resource(PLUGIN_BATCH, "two", { agentId: "a2", calls: [lacksName] });
    expect(promptVariableViolations([schemaLater, hintLater, underSchemaLater, underHintLater])).toEqual([
      { urn: underSchemaLater.urn, message: `batch "one" under agent "support": call #1: ${LACKS_NAME}` },
    ]);
  });
});

describe("reading a preview's resources", () => {
  it("turns each unknown value into PENDING instead of failing the whole stack policy", () => {
    const unknownString = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const agentResource = {
      type: "ultravox:index:Agent",
      name: "support",
      urn: "urn:agent",
      props: unknownCheckingProxy({ agentId: unknownString, callTemplate: CALL_TEMPLATE }),
      propertyDependencies: {},
    } as unknown as PolicyResource;
    const batchResource = {
      type: PLUGIN_BATCH,
      name: "reminders",
      urn: "urn:batch",
      props: unknownCheckingProxy({ agentId: unknownString, calls: [lacksName] }),
      propertyDependencies: { agentId: [agentResource] },
    } as unknown as PolicyResource;
    expect(() => batchResource.props.agentId).toThrow(/can't be known during preview/);
    const resources = stackResources([agentResource, batchResource]);
    expect(resources[1]?.props.agentId).toBe(PENDING);
    expect(resources[1]?.propertyDependencies.agentId?.[0]?.name).toBe("support");
    expect(promptVariableViolations(resources)).toEqual([
      { urn: "urn:batch", message: `batch "reminders" under agent "support": call #1: ${LACKS_NAME}` },
    ]);
  });
});
