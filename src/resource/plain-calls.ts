/**
 * The per-stack opt-out of encrypted calls: `pulumi config set ultravox:plainCalls true`. By default
 * a resource's personal-data fields (a batch's `calls`) are secret in state, inputs and outputs;
 * with the opt-out they are stored as plain text and the engine's own diff shows each changed line
 * (docs/personal-data.md says what that exposes).
 */
import type { ResourceDefinition } from "../fields/definition";

export const PLAIN_CALLS_CONFIG = "ultravox:plainCalls";

/** True when a config value (text, as stack config holds it, or a boolean) opts out. */
export function isPlainCallsValue(value: unknown): boolean {
  if (typeof value === "boolean") return value;
  return typeof value === "string" && value.trim().toLowerCase() === "true";
}

/** The top-level keys kept secret in state: the table's secrets, and its personal data unless `plain`. */
export function keptSecretKeys(def: ResourceDefinition, plain: boolean): string[] {
  return plain ? [...def.secretKeys] : [...def.secretKeys, ...def.personalKeys];
}
