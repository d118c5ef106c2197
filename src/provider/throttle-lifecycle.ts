/**
 * The CallThrottle through the dynamic door. The forwarder stored in every throttle's state loads this
 * file as `require("pulumi-ultravox/throttle-lifecycle")`, so its function names are a contract with
 * states already written.
 */
import { throttleResource } from "../resource/registry";
import { dynamicDoor } from "./dynamic-door";

const door = dynamicDoor(throttleResource.lifecycle);

export const { configure, check, diff, create, read, update } = door;
const delete_ = door.delete;

export { callThrottle as definition } from "../throttle/definition";
export { delete_ as delete };
