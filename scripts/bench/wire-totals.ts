import type { JournalEntry } from "pulumi-ultravox/emulator";

/** Request count and request-body bytes (the parsed body re-serialized as JSON) of journal entries. */
export function wireTotals(entries: readonly JournalEntry[]): { requests: number; bodyBytes: number } {
  let bodyBytes = 0;
  for (const entry of entries) {
    if (entry.body !== null && entry.body !== undefined)
      bodyBytes += Buffer.byteLength(JSON.stringify(entry.body));
  }
  return { requests: entries.length, bodyBytes };
}
