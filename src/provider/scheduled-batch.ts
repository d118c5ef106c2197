import * as pulumi from "@pulumi/pulumi";
import { callsForEngine } from "../batch/calls-input";
import { CALL_SECRETS_KEY } from "../batch/calls-text";
import type { BatchArgs, BatchOutputs } from "../batch/core";
import { batch } from "../batch/definition";
import { CREATE_IDENTITY_INPUT } from "../fields/create-identity";
import { fieldsWith } from "../fields/definition";
import { DELETE_BEFORE_REPLACE } from "../fields/diff";
import { unsupportedIgnorePaths } from "../fields/engine-form";
import { canonicalTimestamp } from "../fields/timestamp";
import { isPlainCallsValue, keptSecretKeys } from "../privacy/plain-calls";
import { scheduledBatchProvider } from "./batch-forwarder";
import type { ProgramInputs } from "./program-inputs";

/**
 * Inputs of a ScheduledBatch: one Ultravox scheduled call batch (an outbound campaign). Derived from
 * the field table (src/batch/fields.ts, where each field is described; README's generated table).
 */
export type ScheduledBatchArgs = ProgramInputs<BatchArgs>;

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Output-only properties; declared as inputs with `undefined` so the SDK resolves them. */
const OUTPUT_ONLY = Object.fromEntries(batch.outputNames.map((name) => [name, undefined]));

/**
 * Instants in the spelling check stores (UTC). `pulumi refresh --run-program` compares the refreshed
 * inputs with what the program registered: a window written with an offset showed as
 * `[diff: ~windowEnd,windowStart]` although nothing changed.
 */
function instantsForEngine(args: ScheduledBatchArgs): Record<string, unknown> {
  const canonical = (value: unknown) =>
    typeof value === "string" ? (canonicalTimestamp(value) ?? value) : value;
  const out: Record<string, unknown> = {};
  for (const field of fieldsWith(batch, "instant")) {
    const value = (args as Record<string, unknown>)[field];
    if (value === undefined || value === null) continue;
    out[field] =
      pulumi.Output.isInstance(value) || value instanceof Promise
        ? pulumi.output(value).apply(canonical)
        : canonical(value);
  }
  return out;
}

/**
 * `ignoreChanges` as the engine must apply it: `calls` travels with its passwords in `callSecrets`,
 * so ignoring one ignores both (otherwise the kept text points at the program's new passwords). A
 * path inside `calls` cannot work (the engine sees one text) and fails here, naming the supported form.
 */
function ignoreChangesFor(name: string, paths: string[] | undefined): string[] | undefined {
  if (paths === undefined) return undefined;
  const unreachable = unsupportedIgnorePaths(batch, paths);
  if (unreachable.length > 0) {
    throw new Error(`ScheduledBatch ${name}: ${unreachable.map((f) => f.reason).join("\n")}`);
  }
  return paths.includes("calls") && !paths.includes(CALL_SECRETS_KEY) ? [...paths, CALL_SECRETS_KEY] : paths;
}
/** The engine's type token of the dynamic resource (pulumi.dynamic.Resource prefixes the module). */
const TYPE = "pulumi-nodejs:dynamic/ultravox:ScheduledBatch";

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
  /**
   * The calls as stored: one canonical JSON line per call, SIP passwords as `"$secret:<n>"` placeholders.
   * Secret unless the stack sets `ultravox:plainCalls: true`.
   */
  declare readonly calls: pulumi.Output<string>;
  /** The number of calls, in plain text (what review shows while `calls` is secret). */
  declare readonly callCount: pulumi.Output<number>;
  /** The SIP passwords the placeholders in `calls` refer to (secret). */
  declare readonly callSecrets: pulumi.Output<string[] | undefined>;
  declare readonly windowStart: pulumi.Output<string | undefined>;
  declare readonly windowEnd: pulumi.Output<string | undefined>;
  declare readonly paused: pulumi.Output<boolean | undefined>;
  declare readonly webhookUrl: pulumi.Output<string | undefined>;
  declare readonly throttle: pulumi.Output<string | undefined>;
  declare readonly adoptBatchId: pulumi.Output<string | undefined>;
  /** The batch whose people may be called again (one approved re-dial); never sent to the service. */
  declare readonly allowRedialOf: pulumi.Output<string | undefined>;
  /** The dotted path into each call whose value names it in review output (never sent). */
  declare readonly callLabel: pulumi.Output<string | undefined>;
  /** When a refresh proved the batch deleted outside Pulumi; the state keeps it until re-created or removed. */
  declare readonly deletedOutsideAt: pulumi.Output<string | undefined>;
  /** The representation of the stored state (for migrations). */
  declare readonly stateVersion: pulumi.Output<number>;

  constructor(name: string, args: ScheduledBatchArgs, opts?: pulumi.CustomResourceOptions) {
    const plain = isPlainCallsValue(new pulumi.Config("ultravox").get("plainCalls"));
    const engineCalls = callsForEngine(args.calls);
    const props = {
      ...args,
      ...instantsForEngine(args),
      ...engineCalls,
      // Personal data: secret in the inputs too (the engine then keeps check's and the outputs' copies secret).
      calls: plain ? engineCalls.calls : pulumi.secret(engineCalls.calls),
      webhookSecret: args.webhookSecret === undefined ? undefined : pulumi.secret(args.webhookSecret),
      ...OUTPUT_ONLY,
      // The host hands create no URN: pass this resource's own, for a create token stable across runs.
      [CREATE_IDENTITY_INPUT]: pulumi.createUrn(name, TYPE, opts?.parent),
    };
    super(
      scheduledBatchProvider,
      name,
      props,
      {
        ...opts,
        ignoreChanges: ignoreChangesFor(name, opts?.ignoreChanges),
        // Also for `pulumi up --replace`, where the engine asks no diff: never two batches dialing at once.
        deleteBeforeReplace: opts?.deleteBeforeReplace ?? DELETE_BEFORE_REPLACE,
        additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), ...keptSecretKeys(batch, plain)],
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
