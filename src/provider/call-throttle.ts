import * as pulumi from "@pulumi/pulumi";
import type { ArgsOf } from "../fields/definition";
import { DELETE_BEFORE_REPLACE } from "../fields/diff";
import { callThrottle } from "../throttle/definition";
import type { INPUT_FIELDS } from "../throttle/fields";
import type { ProgramInputs } from "./program-inputs";
import { callThrottleProvider } from "./throttle-forwarder";

type ThrottleArgs = ArgsOf<typeof INPUT_FIELDS>;

/** One sliding window of a throttle: at most `maxCalls` (1-100) calls in any `windowSeconds` (1-86400). */
export type CallThrottleRule = ThrottleArgs["rules"][number];

/**
 * Inputs of a CallThrottle, derived from its field table (src/throttle/fields.ts, where each is
 * described): `name`, `rules`, and optionally `adoptThrottleId` to take over an existing throttle.
 */
export type CallThrottleArgs = ProgramInputs<ThrottleArgs>;

/** Output-only properties; declared as inputs with `undefined` so the SDK resolves them. */
const OUTPUT_ONLY = Object.fromEntries(callThrottle.outputNames.map((name) => [name, undefined]));

/**
 * An Ultravox call throttle, managed by `pulumi up`. Its id is the throttle's `throttleId`. A batch
 * names it by name or id: `new ScheduledBatch("c", { ..., throttle: gentle.name })`.
 */
export class CallThrottle extends pulumi.dynamic.Resource {
  /** The throttle id the service assigned (also the resource id). */
  declare readonly throttleId: pulumi.Output<string>;
  declare readonly created: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly rules: pulumi.Output<CallThrottleRule[]>;
  declare readonly adoptThrottleId: pulumi.Output<string | undefined>;
  /** The representation of the stored state (for migrations). */
  declare readonly stateVersion: pulumi.Output<number>;

  constructor(name: string, args: CallThrottleArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      callThrottleProvider,
      name,
      { ...args, ...OUTPUT_ONLY },
      {
        ...opts,
        deleteBeforeReplace: opts?.deleteBeforeReplace ?? DELETE_BEFORE_REPLACE,
        additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...callThrottle.secretKeys],
      },
      "ultravox",
      "CallThrottle",
    );
  }
}
