import type * as pulumi from "@pulumi/pulumi";
import type { ArgsOf, OutputsOf } from "../fields/definition";
import { DELETE_BEFORE_REPLACE } from "../fields/diff";
import { callThrottle } from "../throttle/definition";
import type { INPUT_FIELDS, OUTPUT_FIELDS } from "../throttle/fields";
import { dynamicResourceWith } from "./output-properties";
import type { ProgramInputs } from "./program-inputs";
import { callThrottleProvider } from "./throttle-forwarder";

type ThrottleArgs = ArgsOf<typeof INPUT_FIELDS>;
/** Stored outputs: the inputs as applied and the table's outputs (`throttleId`, `created`, ...). */
type ThrottleOutputs = ThrottleArgs & OutputsOf<typeof OUTPUT_FIELDS>;

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
export class CallThrottle extends dynamicResourceWith<
  ThrottleOutputs,
  "throttleId" | "created" | "stateVersion"
>() {
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
