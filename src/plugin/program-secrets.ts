/**
 * Values the program marked secret (`fn::secret`, `pulumi.secret()`, secret config), collected
 * from the wire before the plugin reveals its inputs: the lifecycle only sees plain values, and
 * without this a check failure or an API error would print a marked phone number or throttle
 * name in plaintext. The plugin scrubs every marked value from every failure reason, error and
 * stderr line (the engine shows the plugin's stderr) with the same Redactor as the API key.
 *
 * The set is process-wide and only grows: one plugin process serves one deployment, and a value
 * marked on one resource must not show in another resource's error either. Values shorter than
 * MIN_LENGTH are not scrubbed (scrubbing `5` would rewrite every `calls[5]`; so short a value
 * says little), and neither are booleans.
 */
import { Redactor } from "../http/redaction";
import { isSecret, markSecrets } from "./secret-wire";

const MIN_LENGTH = 3;

const marked = new Set<string>();
let redactor: Redactor | undefined;

/** The text of every scalar inside `value`. */
function scalarsIn(value: unknown, into: string[]): void {
  if (typeof value === "string") into.push(value);
  else if (typeof value === "number" && Number.isFinite(value)) into.push(String(value));
  else if (Array.isArray(value)) for (const item of value) scalarsIn(item, into);
  else if (typeof value === "object" && value !== null) {
    for (const item of Object.values(value)) scalarsIn(item, into);
  }
}

/** The values under a secret mark anywhere in wire props. */
export function markedValuesIn(value: unknown, into: string[] = []): string[] {
  if (isSecret(value)) scalarsIn(value.value, into);
  else if (Array.isArray(value)) for (const item of value) markedValuesIn(item, into);
  else if (typeof value === "object" && value !== null) {
    for (const item of Object.values(value)) markedValuesIn(item, into);
  }
  return into;
}

/** Remembers the values marked secret in wire props (call before revealing them). */
export function rememberMarked(...props: unknown[]): void {
  for (const value of props.flatMap((p) => markedValuesIn(p))) {
    if (value.length >= MIN_LENGTH && !marked.has(value)) {
      marked.add(value);
      redactor = undefined;
    }
  }
}

/** `text` with every marked value replaced by `[secret]`, in every spelling the Redactor knows. */
export function scrubMarked(text: string): string {
  if (marked.size === 0) return text;
  redactor ??= new Redactor([...marked]);
  return redactor.scrub(text);
}

/**
 * The error with its message and reasons scrubbed. Its other fields (a partial create's id and
 * properties) are kept: the properties go to the engine as state, marked secret.
 */
export function scrubbedError(error: unknown): unknown {
  if (!(error instanceof Error)) return new Error(scrubMarked(String(error)));
  error.message = scrubMarked(error.message);
  const withReasons = error as { reasons?: unknown };
  if (Array.isArray(withReasons.reasons)) {
    withReasons.reasons = withReasons.reasons.map((reason) => scrubMarked(String(reason)));
  }
  return error;
}

/** Routes everything written to stderr through scrubMarked: the engine prints the plugin's stderr. */
export function scrubStderr(): void {
  const write = process.stderr.write.bind(process.stderr) as (chunk: unknown, ...rest: unknown[]) => boolean;
  process.stderr.write = ((chunk: unknown, ...rest: unknown[]) =>
    write(typeof chunk === "string" ? scrubMarked(chunk) : chunk, ...rest)) as typeof process.stderr.write;
}

/**
 * A partial create's (or update's) error with the properties it carries marked as the request's
 * were: the table's secret keys and every top-level key the program sent holding a secret. The
 * engine records those properties as the resource's state.
 */
export function withMarkedProperties(
  error: unknown,
  secretKeys: readonly string[],
  programSecretKeys: readonly string[],
): unknown {
  const init = error as { properties?: unknown };
  if (error instanceof Error && typeof init.properties === "object" && init.properties !== null) {
    init.properties = markSecrets(secretKeys, init.properties as Record<string, unknown>, programSecretKeys);
  }
  return error;
}
