/**
 * Every secret of a batch's props (inputs, or outputs as stored), so messages can scrub them: the
 * secret fields (`webhookSecret`), the engine's secret keys (`callSecrets`), and the strings at the
 * calls' password paths (password-paths.ts) when `calls` is a list. Nothing else counts, wherever a
 * key named like a secret appears.
 */
import { ENGINE_SECRET_KEYS, SECRET_FIELDS } from "../batch/fields";
import { passwordValues } from "../batch/password-paths";
import { isPlainObject } from "./canonical";

const SECRET_KEYS: readonly string[] = [...SECRET_FIELDS, ...ENGINE_SECRET_KEYS];

export function secretsIn(props: unknown): string[] {
  if (!isPlainObject(props)) return [];
  const values: unknown[] = SECRET_KEYS.flatMap((key) => [props[key]].flat());
  if (Array.isArray(props.calls)) values.push(...props.calls.flatMap(passwordValues));
  return values.filter((value): value is string => typeof value === "string" && value.length > 0);
}
