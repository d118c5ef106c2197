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
import type { CallsFileColumns } from "../files/calls-file-columns";
import { isPlainCallsValue, keptSecretKeys } from "../resource/plain-calls";
import { scheduledBatchProvider } from "./batch-forwarder";
import { dynamicResourceWith } from "./output-properties";
import type { ProgramInputs } from "./program-inputs";

/**
 * Inputs of a ScheduledBatch: one Ultravox scheduled call batch (an outbound campaign). Derived from
 * the field table (src/batch/fields.ts, where each field is described; README's generated table).
 */
export type ScheduledBatchArgs = Omit<ProgramInputs<BatchArgs>, "calls"> &
  Partial<CallsFromFile> & {
    /** The calls to make, at least one; or `callsFile` instead (check fails with both, or neither). */
    calls?: ProgramInputs<BatchArgs>["calls"];
  };

/**
 * Calls from a file kept with the program (resource/calls-file-lifecycle.ts): the engine hashes it,
 * the provider reads it, state keeps its hash and a summary, never a call. Exclusive with `calls`.
 */
export interface CallsFromFile {
  /** A CSV or JSON Lines file (`new pulumi.asset.FileAsset("contacts.csv")`), relative to the project directory. */
  callsFile: pulumi.Input<pulumi.asset.FileAsset>;
  /** How CSV rows become calls: `columns` (call path -> column), `fixed` (call path -> value), `format`. */
  callsFileColumns?: pulumi.Input<CallsFileColumns>;
}

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
/**
 * Its output properties are the table's stored outputs (OutputProperties): `batchId`, `created`,
 * `totalCount`, `completedCount`, `endedAt`, `webhookSecret`, the program's inputs as applied, `calls`
 * as stored (one canonical JSON line per call, SIP passwords as `"$secret:<n>"` placeholders; secret
 * unless the stack sets `ultravox:plainCalls: true`) with
 * `callSecrets`, `deletedOutsideAt` (a refresh proved the batch deleted outside Pulumi), and so on.
 */
export class ScheduledBatch extends dynamicResourceWith<
  BatchOutputs,
  "batchId" | "created" | "totalCount" | "completedCount" | "webhookSecretChosenByServer" | "stateVersion"
>() {
  /** A file batch's calls file, its hash and call count (no call is kept: resource/calls-file-lifecycle.ts). */
  declare readonly callsFile: pulumi.Output<pulumi.asset.FileAsset | undefined>;
  declare readonly callsFileDigest: pulumi.Output<string | undefined>;
  declare readonly callsFileCount: pulumi.Output<number | undefined>;
  /** The number of calls, in plain text (what review shows while `calls` is secret). */
  declare readonly callCount: pulumi.Output<number | undefined>;

  constructor(name: string, args: ScheduledBatchArgs, opts?: pulumi.CustomResourceOptions) {
    const plain = isPlainCallsValue(new pulumi.Config("ultravox").get("plainCalls"));
    // A batch with `callsFile` has no calls here (the provider reads the file).
    const engineCalls = args.calls === undefined ? undefined : callsForEngine(args.calls);
    const props = {
      ...args,
      ...instantsForEngine(args),
      ...(engineCalls === undefined
        ? {}
        : {
            ...engineCalls,
            // Personal data: secret in the inputs too (the engine then keeps check's and the outputs' copies secret).
            calls: plain ? engineCalls.calls : pulumi.secret(engineCalls.calls),
          }),
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
