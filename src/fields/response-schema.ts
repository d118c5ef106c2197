/**
 * The shape of the service's answer for one resource, derived from its table: the outputs the
 * service reports (`source: "response"`) and every body field it returns (not write-only), each
 * with the service's shape (`stored`). Adding a field to the table adds it here, so refresh sees
 * its drift and create-matching compares it. Tolerant on purpose: fields the API may omit are
 * optional and nullable; unknown keys are stripped.
 */
import { z } from "zod";
import { PATH_ID } from "../http/endpoint-urls";
import type { ResourceDefinition } from "./definition";
import type { InputTable, OutputTable } from "./spec";

/** Keys whose value may be undefined become optional (and may be null: the service's spelling of unset). */
type OptionalWhereUndefined<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: T[K] | null;
};

/** The answer for one resource, as the client accepts it (typed from the table). */
export type ResponseOf<I extends InputTable, O extends OutputTable> = OptionalWhereUndefined<{
  [K in keyof O as O[K]["source"] extends "response" ? K : never]: z.infer<O[K]["schema"]>;
}> & {
  [K in keyof I as I[K]["wire"] extends "body"
    ? I[K]["writeOnly"] extends true
      ? never
      : K
    : never]?: z.infer<I[K]["stored"]>;
};

function nullable(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType).nullish() : schema;
}

export function responseSchema<I extends InputTable, O extends OutputTable>(
  def: ResourceDefinition<I, O>,
): z.ZodType<ResponseOf<I, O>> {
  const shape: Record<string, z.ZodType> = {};
  for (const name of def.outputNames) {
    const spec = def.outputs[name];
    if (spec?.source !== "response") continue;
    // An id the client could not put in a path (`..`, `a/b`) is refused on the way in, not recorded.
    shape[name] =
      name === def.identity.id
        ? z.string().regex(PATH_ID, `not a valid ${def.noun} id`)
        : nullable(spec.schema);
  }
  for (const name of def.bodyFields) {
    const spec = def.inputs[name];
    if (spec !== undefined && !spec.writeOnly) shape[name] = spec.stored;
  }
  return z.object(shape) as unknown as z.ZodType<ResponseOf<I, O>>;
}
