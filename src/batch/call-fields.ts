/**
 * The fields of one call: which of them a listed call must match the requested one in, and a
 * listed call in the shape the program declares calls.
 */
import type { z } from "zod";
import { canonicalJson } from "../json/canonical";
import { programMetadata } from "./create-token";
import type { callInputSchema } from "./schema";

/** Fields of one call, and whether a listed call must match the requested one in it. */
export const CALL_FIELDS = {
  medium: { matched: true },
  metadata: { matched: true },
  templateContext: { matched: true },
  /** Not compared: the service may add settings of its own. */
  experimentalSettings: { matched: false },
} as const satisfies Record<keyof z.infer<typeof callInputSchema>, { matched: boolean }>;

type CallKeysAreSchemaKeys = keyof typeof CALL_FIELDS extends keyof typeof callInputSchema.shape
  ? keyof typeof callInputSchema.shape extends keyof typeof CALL_FIELDS
    ? true
    : false
  : false;
const callKeysAreSchemaKeys: CallKeysAreSchemaKeys = true;
void callKeysAreSchemaKeys;

/** A call as `/scheduled_calls` lists it, in the shape the program declares calls (nulls dropped, in the medium at every depth). */
export function callFromListing(item: Record<string, unknown>): Record<string, unknown> {
  const call: Record<string, unknown> = {};
  for (const key of Object.keys(CALL_FIELDS)) {
    // The provider's create token is not the program's: it never shows as a difference.
    // In the medium (the service's own structure) `null` means unset, as the program writes it: left out.
    const value =
      key === "metadata"
        ? programMetadata(item[key])
        : key === "medium"
          ? withoutNulls(item[key])
          : item[key];
    if (value !== null && value !== undefined) call[key] = value;
  }
  return canonicalJson(call) as Record<string, unknown>;
}

/** `value` with the `null` members of its objects left out, at every depth. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, item]) => item !== null)
      .map(([key, item]) => [key, withoutNulls(item)]),
  );
}
