/**
 * Proof that a batch was made by one particular resource. The API returns no create token and
 * accepts no idempotency key, so a create whose answer is lost cannot tell its own batch from an
 * identical one someone else made a moment earlier. Each create therefore writes a token into the
 * metadata of its first call, under a key the provider reserves; only the batch whose calls carry
 * that token is taken as this resource's.
 *
 * The token is derived from the resource's identity (its URN), not from its inputs, so it is the same
 * on every `pulumi up` of that resource: a plain re-run after a create whose outcome stayed unknown,
 * even after the user fixed a typo in the inputs, finds the batch the earlier create made.
 *
 * The key lives in the call's metadata (and so in the metadata of the call Ultravox places). It is
 * never part of the program's inputs or the state: listings drop it before comparing calls.
 */
import { createHash, randomUUID } from "node:crypto";
import { isPlainObject } from "../json/plain-object";

/** Metadata keys starting with this are the provider's own; programs may not use them. */
export const PROVIDER_METADATA_PREFIX = "pulumi-ultravox.";
export const CREATE_TOKEN_KEY = `${PROVIDER_METADATA_PREFIX}createToken`;

/** The stable token of the resource named `identity` (its URN): a digest, so no name travels as is. */
export function createTokenFor(identity: string): string {
  return createHash("sha256")
    .update(`pulumi-ultravox create token v1\n${identity}`)
    .digest("hex")
    .slice(0, 32);
}

/** A one-off token, for a create with no identity (a direct caller of the lifecycle, a test). */
export function newCreateToken(): string {
  return randomUUID();
}

/** The POST body with `token` in the first call's metadata (the program's body is not changed). */
export function withCreateToken(body: Record<string, unknown>, token: string): Record<string, unknown> {
  const calls = Array.isArray(body.calls) ? body.calls : [];
  const [first, ...rest] = calls;
  if (!isPlainObject(first)) return body;
  const metadata = isPlainObject(first.metadata) ? first.metadata : {};
  return { ...body, calls: [{ ...first, metadata: { ...metadata, [CREATE_TOKEN_KEY]: token } }, ...rest] };
}

/** True when a listed call carries `token`. */
export function carriesCreateToken(call: Record<string, unknown>, token: string): boolean {
  return isPlainObject(call.metadata) && call.metadata[CREATE_TOKEN_KEY] === token;
}

/** A call's metadata without the provider's own keys (undefined when nothing else is left). */
export function programMetadata(metadata: unknown): unknown {
  if (!isPlainObject(metadata)) return metadata;
  const kept = Object.entries(metadata).filter(([key]) => !key.startsWith(PROVIDER_METADATA_PREFIX));
  if (kept.length === Object.keys(metadata).length) return metadata;
  return kept.length === 0 ? undefined : Object.fromEntries(kept);
}
