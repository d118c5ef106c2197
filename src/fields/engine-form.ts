/**
 * The engine form of a resource's props: the fields whose table entry has an engine codec (a
 * batch's calls, as one canonical string with its secrets apart) encoded for the engine, and
 * decoded back.
 */
import { isDeepStrictEqual } from "node:util";
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

/**
 * The new inputs with the extra keys of each field the engine kept from the previous inputs. With
 * `ignoreChanges: ["calls"]` the engine copies the stored `calls` text into the new inputs but not
 * `callSecrets` beside it (the plugin's program has none; the dynamic resource's are the program's
 * new ones), so the text's placeholders would point at nothing. A value equal to the previous one
 * (the calls text, an agent's template with its placeholders) with no extra keys of its own takes
 * the previous ones.
 */
export function withKeptExtraKeys(def: ResourceDefinition, olds: Props, news: Props): Props {
  let out = news;
  for (const field of def.inputNames) {
    const codec = def.inputs[field]?.engine;
    if (codec === undefined) continue;
    const kept = news[field] !== undefined && isDeepStrictEqual(news[field], olds[field]);
    if (!kept || codec.extraKeys.some((key) => news[key] !== undefined)) continue;
    out = { ...out, ...Object.fromEntries(codec.extraKeys.map((key) => [key, olds[key]])) };
  }
  return out;
}

/**
 * `ignoreChanges` paths below a field that crosses the engine as one text (`calls[0].templateContext`):
 * the engine cannot resolve them inside the text, so they would ignore nothing. Each failure names
 * the supported form.
 */
export function unsupportedIgnorePaths(def: ResourceDefinition, paths: readonly string[]): CheckFailure[] {
  const failures: CheckFailure[] = [];
  for (const field of def.inputNames) {
    if (def.inputs[field]?.engine === undefined) continue;
    for (const path of paths) {
      if (path === field || !(path.startsWith(`${field}[`) || path.startsWith(`${field}.`))) continue;
      failures.push({
        property: field,
        reason:
          `ignoreChanges cannot reach inside ${field} (\`${path}\`): it crosses the engine as one text, so such a path ` +
          `ignores nothing and the change would be sent. Ignore the whole list with ignoreChanges: ["${field}"], or ` +
          "make the program keep that part as it is.",
      });
    }
  }
  return failures;
}
