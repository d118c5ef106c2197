import * as pulumi from "@pulumi/pulumi";
import { agent } from "../agent/definition";
import type { INPUT_FIELDS } from "../agent/fields";
import type { ArgsOf } from "../fields/definition";
import { DELETE_BEFORE_REPLACE } from "../fields/diff";
import { agentProvider } from "./agent-forwarder";
import type { ProgramInputs } from "./program-inputs";

type AgentInputs = ArgsOf<typeof INPUT_FIELDS>;

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
 * An Ultravox agent, managed by `pulumi up`. Its id is the agent's `agentId`; a batch takes it:
 * `new ScheduledBatch("c", { agentId: support.agentId, ... })`, so the engine creates the agent
 * first and deletes it last.
 */
export class Agent extends pulumi.dynamic.Resource {
  /** The agent id the service assigned (also the resource id). */
  declare readonly agentId: pulumi.Output<string>;
  declare readonly publishedRevisionId: pulumi.Output<string | undefined>;
  declare readonly created: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly callTemplate: pulumi.Output<AgentCallTemplate | undefined>;
  /** The representation of the stored state (for migrations). */
  declare readonly stateVersion: pulumi.Output<number>;

  constructor(name: string, args: AgentArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      agentProvider,
      name,
      { ...args, ...OUTPUT_ONLY },
      {
        ...opts,
        deleteBeforeReplace: opts?.deleteBeforeReplace ?? DELETE_BEFORE_REPLACE,
        additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...agent.secretKeys],
      },
      "ultravox",
      "Agent",
    );
  }
}
