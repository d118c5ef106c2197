/**
 * The CallThrottle's lifecycle: the generic one over the throttle's definition and behaviour. The
 * forwarder stored in every throttle's state loads this file as
 * `require("pulumi-ultravox/throttle-lifecycle")`, so its function names are a contract with states.
 */

import { lifecycleFor } from "../resource/lifecycle";
import { throttleBehaviour } from "../throttle/behaviour";

const lifecycle = lifecycleFor(throttleBehaviour);

export const { configure, check, diff, create, read, update, clientFor } = lifecycle;
const delete_ = lifecycle.delete;

export { callThrottle as definition } from "../throttle/definition";
export { delete_ as delete };
