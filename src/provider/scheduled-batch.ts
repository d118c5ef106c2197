import * as pulumi from "@pulumi/pulumi";
import { callsForEngine } from "../batch/calls-input";
import type { BatchArgs, BatchOutputs } from "../batch/core";
import { batch } from "../batch/definition";
import type { ScheduledCall } from "../batch/schema";
import { DELETE_BEFORE_REPLACE } from "../fields/diff";
import { scheduledBatchProvider } from "./batch-forwarder";

/** A value whose every part may be a `pulumi.Input` (e.g. a SIP password from secret config). */
export type DeepInput<T> = T extends (infer Item)[]
  ? pulumi.Input<DeepInput<Item>[]>
  : T extends Record<string, unknown>
    ? pulumi.Input<{ [K in keyof T]: DeepInput<T[K]> }>
    : pulumi.Input<T>;

/** Inputs of a ScheduledBatch: one Ultravox scheduled call batch (an outbound campaign). */
export interface ScheduledBatchArgs {
  /** The agent that places the calls (uuid). Changing it replaces the batch. */
  agentId: pulumi.Input<string>;
  /**
   * The calls to make, at least one. The API has no per-call update: a changed list is sent whole.
   * They reach the engine as one canonical line per call (a preview shows the changed lines), with
   * SIP passwords in the secret `callSecrets`.
   */
  calls: DeepInput<ScheduledCall[]>;
  /** Earliest moment calls may be placed (ISO 8601 with an offset). Absent: start at once. */
  windowStart?: pulumi.Input<string>;
  /** Latest moment calls may be placed (ISO 8601 with an offset). Absent: run until all calls are made. */
  windowEnd?: pulumi.Input<string>;
  /** Stop placing calls. The service cannot currently resume a paused batch. */
  paused?: pulumi.Input<boolean>;
  /** Called when a call with a non-outgoing medium is created; required for such calls, forbidden otherwise. */
  webhookUrl?: pulumi.Input<string>;
  /** Signs webhook requests (kept secret in state). Absent: the server chooses one, exposed as a secret output. */
  webhookSecret?: pulumi.Input<string>;
  /** Name or id of a call throttle whose rate rules the calls obey. */
  throttle?: pulumi.Input<string>;
  /** Adopt this existing batch instead of creating one: it is read, then updated to match. */
  adoptBatchId?: pulumi.Input<string>;
}

// Compile-time links to the field table: ScheduledBatchArgs has exactly the table's inputs, each
// required exactly when the schema requires it, and each accepting the schema's type.
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type RequiredKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? never : K }[keyof T];
type ArgAccepts<K extends keyof BatchArgs> = K extends keyof ScheduledBatchArgs
  ? DeepInput<NonNullable<BatchArgs[K]>> extends NonNullable<ScheduledBatchArgs[K]>
    ? true
    : K
  : K;
type ArgsMatchTable = [
  Equal<keyof ScheduledBatchArgs, keyof BatchArgs>,
  Equal<RequiredKeys<ScheduledBatchArgs>, RequiredKeys<BatchArgs>>,
  Equal<{ [K in keyof BatchArgs]-?: ArgAccepts<K> }[keyof BatchArgs], true>,
];
const argsMatchTable: ArgsMatchTable = [true, true, true];
void argsMatchTable;

/** Output-only properties; declared as inputs with `undefined` so the SDK resolves them. */
const OUTPUT_ONLY = Object.fromEntries(batch.outputNames.map((name) => [name, undefined]));

/** An Ultravox scheduled call batch, managed by `pulumi up`. Its id is the batch's `batchId`. */
export class ScheduledBatch extends pulumi.dynamic.Resource {
  /** The batch id the service assigned (also the resource id). */
  declare readonly batchId: pulumi.Output<string>;
  declare readonly created: pulumi.Output<string>;
  /** Number of calls in the batch. */
  declare readonly totalCount: pulumi.Output<number>;
  /** Calls created or errored so far (as of the last create, update or refresh). */
  declare readonly completedCount: pulumi.Output<number>;
  /** When the batch finished; absent while it runs. */
  declare readonly endedAt: pulumi.Output<string | undefined>;
  /** The secret in use, whether the program set it or the server chose it. */
  declare readonly webhookSecret: pulumi.Output<string | undefined>;
  declare readonly webhookSecretChosenByServer: pulumi.Output<boolean>;
  /** The window start the service filled in while the program sets none ("" for none), to tell it from drift. */
  declare readonly windowStartFilledByServer: pulumi.Output<string | undefined>;
  /** The window end the service filled in while the program sets none ("" for none), to tell it from drift. */
  declare readonly windowEndFilledByServer: pulumi.Output<string | undefined>;
  declare readonly agentId: pulumi.Output<string>;
  /** The calls as stored: one canonical JSON line per call, SIP passwords as `"$secret:<n>"` placeholders. */
  declare readonly calls: pulumi.Output<string>;
  /** The SIP passwords the placeholders in `calls` refer to (secret). */
  declare readonly callSecrets: pulumi.Output<string[] | undefined>;
  declare readonly windowStart: pulumi.Output<string | undefined>;
  declare readonly windowEnd: pulumi.Output<string | undefined>;
  declare readonly paused: pulumi.Output<boolean | undefined>;
  declare readonly webhookUrl: pulumi.Output<string | undefined>;
  declare readonly throttle: pulumi.Output<string | undefined>;
  declare readonly adoptBatchId: pulumi.Output<string | undefined>;
  /** The representation of the stored state (for migrations). */
  declare readonly stateVersion: pulumi.Output<number>;

  constructor(name: string, args: ScheduledBatchArgs, opts?: pulumi.CustomResourceOptions) {
    const props = {
      ...args,
      ...callsForEngine(args.calls),
      webhookSecret: args.webhookSecret === undefined ? undefined : pulumi.secret(args.webhookSecret),
      ...OUTPUT_ONLY,
    };
    super(
      scheduledBatchProvider,
      name,
      props,
      {
        ...opts,
        // Also for `pulumi up --replace`, where the engine asks no diff: never two batches dialing at once.
        deleteBeforeReplace: opts?.deleteBeforeReplace ?? DELETE_BEFORE_REPLACE,
        additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...batch.secretKeys],
      },
      "ultravox",
      "ScheduledBatch",
    );
  }
}

// Every stored output is declared on the class (the SDK only resolves declared ones).
type UndeclaredOutputs = Exclude<keyof BatchOutputs, keyof ScheduledBatch>;
const everyOutputDeclared: Equal<UndeclaredOutputs, never> = true;
void everyOutputDeclared;
