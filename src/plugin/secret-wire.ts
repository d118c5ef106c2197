/**
 * Secrets on the gRPC wire. The plugin tells the engine it accepts secrets, so values arrive
 * wrapped as `{ <sig>: <secret sig>, value }` and the plugin marks the secrets in what it returns
 * itself: the engine then keeps them encrypted in state, whichever language wrote the program.
 */
import { isSecretPath, type ResourceDefinition } from "../fields/definition";

// The wire's markers (@pulumi/pulumi runtime/rpc: specialSigKey, specialSecretSig).
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

type Props = Record<string, unknown>;

export function isSecret(value: unknown): value is { value: unknown } {
  return typeof value === "object" && value !== null && (value as Props)[SIG_KEY] === SECRET_SIG;
}

/**
 * True when a secret is inside `value` at `path`, nested secrets aside (a call's SIP password): the
 * engine form lifts those into a secret key of their own (`callSecrets`).
 */
function containsSecret(def: ResourceDefinition, value: unknown, path: string[]): boolean {
  if (isSecret(value)) return !(path.length > 1 && isSecretPath(def, path));
  if (Array.isArray(value)) return value.some((item, i) => containsSecret(def, item, [...path, String(i)]));
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).some(([key, item]) => containsSecret(def, item, [...path, key]));
  }
  return false;
}

/**
 * The value with every secret wrapper removed, at any depth. A part holding no secret is returned
 * as it is, not copied: a 100,000-call list without secrets is not duplicated.
 */
export function reveal(value: unknown): unknown {
  if (isSecret(value)) return reveal(value.value);
  if (Array.isArray(value)) {
    const items = value.map(reveal);
    return items.some((item, i) => item !== value[i]) ? items : value;
  }
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).map(([key, item]) => [key, reveal(item)] as const);
    return entries.some(([key, item]) => item !== (value as Props)[key])
      ? Object.fromEntries(entries)
      : value;
  }
  return value;
}

export function secret(value: unknown): Props {
  return { [SIG_KEY]: SECRET_SIG, value };
}

/** Top-level keys of wire props that hold a secret anywhere inside (the program marked them). */
export function secretKeysIn(def: ResourceDefinition, props: Props): string[] {
  return Object.keys(props).filter((key) => containsSecret(def, props[key], [key]));
}

/**
 * Props with the table's secret keys (`secretKeys`) and `alsoSecret` (keys the program sent as secrets) wrapped
 * as secrets. A key holding a secret anywhere is wrapped whole: a value derived from it (calls
 * become one text) could otherwise carry the secret out in plaintext.
 */
export function markSecrets(
  secretKeys: readonly string[],
  props: Props,
  alsoSecret: readonly string[] = [],
): Props {
  return Object.fromEntries(
    Object.entries(props).map(([key, value]) => {
      const wrap = (secretKeys.includes(key) || alsoSecret.includes(key)) && value !== undefined;
      return [key, wrap && !isSecret(value) ? secret(reveal(value)) : value];
    }),
  );
}
