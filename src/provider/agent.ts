import * as pulumi from "@pulumi/pulumi";
import { agent } from "../agent/definition";
import type { INPUT_FIELDS, OUTPUT_FIELDS } from "../agent/fields";
import { TEMPLATE_SECRETS_KEY, templateApart } from "../agent/template-secrets";
import type { ArgsOf, OutputsOf } from "../fields/definition";
import { DELETE_BEFORE_REPLACE } from "../fields/diff";
import { isPlainObject } from "../json/plain-object";
import { agentProvider } from "./agent-forwarder";
import { dynamicResourceWith } from "./output-properties";
import type { ProgramInputs } from "./program-inputs";

type AgentInputs = ArgsOf<typeof INPUT_FIELDS>;
/**
 * Stored outputs: the inputs as applied (`callTemplate` with its secrets as `"$secret:<n>"`
 * placeholders, the values in the secret `callTemplateSecrets`) and the table's outputs.
 */
type AgentOutputs = AgentInputs & { callTemplateSecrets?: string[] } & OutputsOf<typeof OUTPUT_FIELDS>;

/** The writable fields of the API's `ultravox.v1.CallTemplate`, named as the API names them. */
export type AgentCallTemplate = NonNullable<AgentInputs["callTemplate"]>;

/**
 * Inputs of an Agent, derived from its field table (src/agent/fields.ts, where each is described):
 * `name` and `callTemplate`.
 */
export type AgentArgs = ProgramInputs<AgentInputs>;

/** Output-only properties; declared as inputs with `undefined` so the SDK resolves them. */
const OUTPUT_ONLY = Object.fromEntries(agent.outputNames.map((name) => [name, undefined]));

/**
 * The template as the engine keeps it (agent/template-secrets.ts): its shared secrets and tool auth
 * tokens apart, in a secret input, so the engine keeps them secret in the inputs and outputs of state
 * even when the program wrote them in plain text.
 */
function templateForEngine(callTemplate: AgentArgs["callTemplate"]): Record<string, unknown> {
  if (callTemplate === undefined) return {};
  const apart = pulumi.output(callTemplate).apply((template) => {
    const plain = JSON.parse(JSON.stringify(template ?? null)) as unknown;
    return isPlainObject(plain) ? templateApart(plain) : { template: plain, secrets: [] };
  });
  return {
    callTemplate: apart.apply(({ template }) => template),
    [TEMPLATE_SECRETS_KEY]: pulumi.secret(
      apart.apply(({ secrets }) => (secrets.length > 0 ? secrets : undefined)),
    ),
  };
}

/**
 * An Ultravox agent, managed by `pulumi up`. Its id is the agent's `agentId`; a batch takes it:
 * `new ScheduledBatch("c", { agentId: support.agentId, ... })`, so the engine creates the agent
 * first and deletes it last. Its output properties are the table's stored outputs
 * (OutputProperties): `agentId`, `publishedRevisionId`, `created`, `name`, `callTemplate`, ...
 */
export class Agent extends dynamicResourceWith<AgentOutputs, "agentId" | "created" | "stateVersion">() {
  constructor(name: string, args: AgentArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      agentProvider,
      name,
      { ...args, ...templateForEngine(args.callTemplate), ...OUTPUT_ONLY },
      {
        ...opts,
        deleteBeforeReplace: opts?.deleteBeforeReplace ?? DELETE_BEFORE_REPLACE,
        additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...agent.secretKeys],
        // The template travels with its secrets in `callTemplateSecrets`: ignoring one ignores both.
        ignoreChanges: opts?.ignoreChanges?.includes("callTemplate")
          ? [...new Set([...opts.ignoreChanges, TEMPLATE_SECRETS_KEY])]
          : opts?.ignoreChanges,
      },
      "ultravox",
      "Agent",
    );
  }
}
