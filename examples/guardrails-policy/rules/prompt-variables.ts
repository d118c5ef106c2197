/**
 * Prompt variables across the stack: a batch whose agent is declared in the same stack (an
 * `ultravox:index:Agent` through the plugin, or the dynamic door's Agent) has every call's
 * `templateContext` checked against that agent's `callTemplate`: each variable its systemPrompt
 * uses must be filled, and its contextSchema satisfied. The check is the provider's own
 * (`checkCallsAgainstTemplate` from pulumi-ultravox), so the pack and the provider agree.
 *
 * The batch's agent is found by the property dependency of its `agentId` (at the first preview the
 * agent does not exist yet and its id is unknown), else by the agentId's value. A batch whose agent
 * is not in the stack (a bare agentId) is left to the provider, which checks it when the agent
 * changes (docs/campaign-patterns.md "Prompt variables").
 */
import { checkCallsAgainstTemplate, type PromptTemplate, readPromptTemplate } from "pulumi-ultravox";
import { BATCH_TYPES, readCalls } from "./batch";

/** Type tokens of an Agent: the provider plugin's and the dynamic resource's. */
export const AGENT_TYPES: readonly string[] = [
  "ultravox:index:Agent",
  "pulumi-nodejs:dynamic/ultravox:Agent",
];

/** A value a preview does not know yet (it depends on another resource's output). */
export const PENDING: unique symbol = Symbol("pending");
const isPending = (value: unknown) => value === PENDING;

/** A resource as this rule reads it: plain props, PENDING where a value is not known yet. */
export interface StackResource {
  type: string;
  name: string;
  urn: string;
  props: Record<string, unknown>;
  propertyDependencies: Record<string, readonly StackResource[]>;
}

export interface PromptViolation {
  urn: string;
  message: string;
}

/** The agent a batch names: by the dependency of its agentId, else by the agentId's value. */
function agentOf(batch: StackResource, agents: readonly StackResource[]): StackResource | undefined {
  const byDependency = (batch.propertyDependencies.agentId ?? []).find((r) => AGENT_TYPES.includes(r.type));
  if (byDependency !== undefined) return byDependency;
  const agentId = batch.props.agentId;
  if (typeof agentId !== "string") return undefined;
  return agents.find((agent) => agent.props.agentId === agentId);
}

/** Template fields a call speaks (prompt-variables.ts in pulumi-ultravox reads the same ones). */
const SPOKEN = ["systemPrompt", "languageHint", "timeExceededMessage", "inactivityMessages"];

/**
 * An agent's callTemplate (an object, or JSON text as a dynamic resource may keep it), or undefined
 * when there is none or a spoken field is not known yet. A contextSchema not known yet is left out.
 */
function templateOf(agent: StackResource): PromptTemplate | undefined {
  let template = agent.props.callTemplate;
  if (typeof template === "string") {
    try {
      template = JSON.parse(template);
    } catch {
      return undefined;
    }
  }
  if (template === null || typeof template !== "object" || Array.isArray(template)) return undefined;
  const fields = template as Record<string, unknown>;
  if (SPOKEN.some((key) => containsPending(fields[key]))) return undefined;
  const { contextSchema, ...rest } = fields;
  return readPromptTemplate(containsPending(contextSchema) ? rest : fields);
}

function containsPending(value: unknown): boolean {
  if (isPending(value)) return true;
  if (value === null || typeof value !== "object") return false;
  return Object.values(value).some(containsPending);
}

/** The violations of every batch in the stack whose agent is declared in it. */
export function promptVariableViolations(resources: readonly StackResource[]): PromptViolation[] {
  const agents = resources.filter((r) => AGENT_TYPES.includes(r.type));
  const violations: PromptViolation[] = [];
  for (const batch of resources) {
    if (!BATCH_TYPES.includes(batch.type)) continue;
    const agent = agentOf(batch, agents);
    if (agent === undefined) continue;
    const template = templateOf(agent);
    if (template === undefined) continue;
    if (isPending(batch.props.calls)) continue;
    const calls = readCalls(batch.props.calls);
    if (!Array.isArray(calls)) {
      violations.push({ urn: batch.urn, message: `cannot check prompt variables: ${calls.unreadable}` });
      continue;
    }
    // Named by position; the `callLabel` input (when the provider has it) will name them by label.
    const lines = checkCallsAgainstTemplate(calls, template, (_call, n) => `call #${n}`, isPending);
    for (const line of lines)
      violations.push({
        urn: batch.urn,
        message: `batch "${batch.name}" under agent "${agent.name}": ${line}`,
      });
  }
  return violations;
}
