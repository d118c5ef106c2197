/**
 * Stand-in for `labelOfCall` of src/privacy/call-label.ts (owned by the `privacy` branch, not yet
 * there): the value at the dotted `callLabel` path of a call, else the given fallback (for a file,
 * `contacts.csv:13`). Replace the import with the privacy module at merge.
 */
export function labelOfCall(call: unknown, callLabel: string | undefined, fallback: string): string {
  if (callLabel === undefined) return fallback;
  let value: unknown = call;
  for (const key of callLabel.split(".")) {
    value = typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  }
  return typeof value === "string" || typeof value === "number" ? String(value) : fallback;
}
