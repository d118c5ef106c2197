/**
 * The ScheduledBatch through the dynamic door. The forwarder stored in every batch's state loads this
 * file as `require("pulumi-ultravox/lifecycle")` (package.json `exports`), so its function names are
 * a contract with states already written.
 */
import { batchResource } from "../resource/registry";
import { dynamicDoor } from "./dynamic-door";

const door = dynamicDoor(batchResource.lifecycle);

export const { configure, check, diff, create, read, update } = door;
const delete_ = door.delete;

export { batch as definition } from "../batch/definition";
export { delete_ as delete };
