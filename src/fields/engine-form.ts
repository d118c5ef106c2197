/**
 * The engine form of a resource's props: the fields whose table entry has an engine codec (a
 * batch's calls, as one canonical string with its secrets apart) encoded for the engine, and
 * decoded back.
 */
import type { ResourceDefinition } from "./definition";
import type { CheckFailure } from "./spec";
import { containsUnknown, UNKNOWN } from "./unknown";

type Props = Record<string, unknown>;

/**
 * Program-form props (canonical inputs, outputs) in the form the engine stores: each field with an
 * engine codec encoded; a value still unknown (preview) stays the unknown sentinel.
 */
export function toEngine(def: ResourceDefinition, props: Props): Props {
  const out: Props = { ...props };
  for (const field of def.inputNames) {
    const codec = def.inputs[field]?.engine;
    if (codec === undefined || !Object.hasOwn(props, field)) continue;
    const value = props[field];
    if (value === undefined) continue;
    const encoded = containsUnknown(value) ? { [field]: UNKNOWN } : codec.encode(value);
    if (encoded === undefined) continue; // already in engine form
    for (const key of codec.extraKeys) delete out[key];
    Object.assign(out, encoded);
  }
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}

/** Engine props back in program form, with the failures of fields that do not decode. */
export function fromEngine(
  def: ResourceDefinition,
  props: Props,
): { props: Props; failures: CheckFailure[] } {
  const out: Props = { ...props };
  const failures: CheckFailure[] = [];
  for (const field of def.inputNames) {
    const codec = def.inputs[field]?.engine;
    if (codec === undefined) continue;
    for (const key of codec.extraKeys) delete out[key];
    if (props[field] === undefined) continue;
    const decoded = codec.decode(props);
    out[field] = decoded.value;
    failures.push(...decoded.failures);
  }
  return { props: out, failures };
}

/** Engine props back in program form; throws when they do not decode (check already validated them). */
export function fromEngineOrThrow(def: ResourceDefinition, props: Props): Props {
  const { props: decoded, failures } = fromEngine(def, props);
  if (failures.length > 0) throw new Error(failures.map((f) => `${f.property}: ${f.reason}`).join("; "));
  return decoded;
}
