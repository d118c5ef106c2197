/**
 * The Agent through the dynamic door. The forwarder stored in every agent's state loads this file as
 * `require("pulumi-ultravox/agent-lifecycle")`, so its function names are a contract with states.
 */
import { agentResource } from "../resource/registry";
import { dynamicDoor } from "./dynamic-door";

const door = dynamicDoor(agentResource.lifecycle);

export const { configure, check, diff, create, read, update } = door;
const delete_ = door.delete;

export { agent as definition } from "../agent/definition";
export { delete_ as delete };
