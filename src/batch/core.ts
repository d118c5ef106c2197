/**
 * The batch's types, inferred from its table (fields.ts); the generic core (src/fields/) takes the
 * batch's definition (definition.ts) for everything else.
 */
import type * as z from "zod";
import type { ArgsOf, StoredArgsOf } from "../fields/definition";
import { type ResponseOf, responseSchema } from "../fields/response-schema";
import type * as stored from "../fields/stored-state";
import { batch } from "./definition";
import type { INPUT_FIELDS, OUTPUT_FIELDS } from "./fields";

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
