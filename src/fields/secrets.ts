/**
 * Every secret of a resource's props (inputs, or outputs as stored), so messages can scrub them:
 * the table's secret keys (secret fields, their engine codecs' secret keys) and the secrets inside
 * a field's value (`nestedSecrets`: a call's SIP password). Nothing else counts, wherever a key
 * named like a secret appears.
 */
import { isPlainObject } from "../json/plain-object";
import type { ResourceDefinition } from "./definition";

export function secretsIn(def: ResourceDefinition, props: unknown): string[] {
  if (!isPlainObject(props)) return [];
  const values: unknown[] = def.secretKeys.flatMap((key) => [props[key]].flat());
  for (const field of def.inputNames) {
    const nested = def.inputs[field]?.nestedSecrets;
    if (nested !== undefined && props[field] !== undefined) values.push(...nested.values(props[field]));
  }
  return values.filter((value): value is string => typeof value === "string" && value.length > 0);
}
