/**
 * The generic core (src/fields/) bound to the batch's definition, under the names the batch's own
 * modules, the plugin and the tests use, with the batch's types inferred from its table.
 */
import type * as z from "zod";
import { checkArgs, checkForEngine as checkForEngineOf } from "../fields/check";
import type { ArgsOf, StoredArgsOf } from "../fields/definition";
import * as diff from "../fields/diff";
import { failuresForEngine as failuresOf } from "../fields/engine-failures";
import * as engineForm from "../fields/engine-form";
import * as rules from "../fields/field-rules";
import * as outputs from "../fields/outputs";
import { type ResponseOf, responseSchema } from "../fields/response-schema";
import { secretsIn as secretsOf } from "../fields/secrets";
import * as stored from "../fields/stored-state";
import { batch } from "./definition";
import type { INPUT_FIELDS, OUTPUT_FIELDS } from "./fields";

type Props = Record<string, unknown>;
type Inputs = typeof INPUT_FIELDS;
type Outputs = typeof OUTPUT_FIELDS;

/** Canonical program inputs. */
export type BatchArgs = ArgsOf<Inputs>;
/** Inputs as stored state holds them: the program's, or what refresh or adoption read from the service. */
export type StoredArgs = StoredArgsOf<Inputs>;
/** A batch's stored outputs, decoded. */
export type StoredBatch = stored.StoredState<StoredArgs>;
/** The service's answer for a batch. */
export type BatchResponse = ResponseOf<Inputs, Outputs>;
/** Flat outputs as the engine stores them: `calls` as canonical text, SIP passwords in `callSecrets`. */
export type BatchOutputs = Omit<BatchArgs, "calls"> & { calls: string; callSecrets?: string[] } & {
  [K in keyof Outputs]?: z.infer<Outputs[K]["schema"]>;
};

export const batchResponseSchema = responseSchema(batch);
export const batchArgsSchema = batch.argsSchema;

export const checkBatchArgs = (raw: Props, olds?: Props) => checkArgs(batch, raw, olds);
export const checkForEngine = (raw: Props, olds?: Props) => checkForEngineOf(batch, raw, olds);
export const failuresForEngine = (
  failures: Parameters<typeof failuresOf>[1],
  inputs: Props,
  extra?: string[],
) => failuresOf(batch, failures, inputs, extra);
export const secretsIn = (props: unknown) => secretsOf(batch, props);

export const toEngine = (props: Props) => engineForm.toEngine(batch, props);
export const fromEngine = (props: Props) => engineForm.fromEngine(batch, props);
export const fromEngineOrThrow = (props: Props) => engineForm.fromEngineOrThrow(batch, props);

export const createBody = (args: Props) => rules.createBody(batch, args);
export const patchValue = (field: string, next: unknown) => rules.patchValue(batch, field, next);
export const transitionFailures = (applied: Props, news: Props, batchId?: string) =>
  rules.transitionFailures(batch, applied, news, batchId);
export const inputsFromLive = (
  kept: Props,
  live: object,
  chosen: (field: string) => boolean,
  filled: rules.FilledByServer,
  absent: rules.AbsentKey = "unchanged",
) => rules.inputsFromLive(batch, kept, live, chosen, filled, absent) as BatchArgs;

export const changedFields = (s: StoredBatch, news: Props) => diff.changedFields(batch, s, news);
export const replaceReasons = (s: StoredBatch, news: Props) => diff.replaceReasons(batch, s, news);
export const diffBatch = (s: StoredBatch, news: Props) => diff.diffResource(batch, s, news);
export const patchBody = (s: StoredBatch, news: Props) => diff.patchBody(batch, s, news);

export const decodeStoredOutputs = (props: Props) => stored.decodeStoredState(batch, props) as StoredBatch;
export const decodeAgentId = (props: Props) => stored.decodeParents(batch, props).agentId as string;
export const { chosenByServer, filledByServer } = stored;

/** `chosen`: whether the server chose each server-chosen field's value (one answer for all, or per field). */
export const outputsFor = (
  args: Props,
  live: object,
  chosen: boolean | ((field: string) => boolean),
  previous?: StoredBatch,
) =>
  outputs.outputsFor(
    batch,
    args,
    live,
    typeof chosen === "boolean" ? () => chosen : chosen,
    previous,
  ) as BatchOutputs;
export const outputsUnchanged = (args: Props, s: StoredBatch) =>
  outputs.outputsUnchanged(batch, args, s) as BatchOutputs;
export const partialOutputs = (inputs: Props, batchId: string) =>
  outputs.partialOutputs(batch, inputs, batchId);
export const { unsetIn } = outputs;
