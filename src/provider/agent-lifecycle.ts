/**
 * The Agent's lifecycle: the generic one over the agent's definition and behaviour. The forwarder
 * stored in every agent's state loads this file as `require("pulumi-ultravox/agent-lifecycle")`, so
 * its function names are a contract with states.
 */
import { agentBehaviour } from "../agent/behaviour";
import { lifecycleFor } from "./lifecycle";

const lifecycle = lifecycleFor(agentBehaviour);

export const { configure, check, diff, create, read, update, clientFor } = lifecycle;
const delete_ = lifecycle.delete;

export { agent as definition } from "../agent/definition";
export { delete_ as delete };
