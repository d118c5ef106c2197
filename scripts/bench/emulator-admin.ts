import type { JournalEntry, RunningEmulator } from "pulumi-ultravox/emulator";

/** The few admin calls the bench needs, over real HTTP, the same way tests reach the emulator. */
export class BenchAdmin {
  constructor(readonly emulator: RunningEmulator) {}

  async request(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    const response = await fetch(`${this.emulator.url}${path}`, {
      method,
      headers: {
        "X-API-Key": this.emulator.apiKey,
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : null };
  }

  async journal(): Promise<JournalEntry[]> {
    const { json } = await this.request("GET", "/_emulator/journal");
    return (json as { entries: JournalEntry[] }).entries;
  }

  async clearJournal(): Promise<void> {
    await this.request("DELETE", "/_emulator/journal");
  }

  async setRateLimit(requestsPerSecond: number | null): Promise<void> {
    await this.request("PUT", "/_emulator/rate-limit", { requestsPerSecond });
  }
}

/** Request count and request-body bytes (the parsed body re-serialized as JSON) of journal entries. */
export function wireTotals(entries: readonly JournalEntry[]): { requests: number; bodyBytes: number } {
  let bodyBytes = 0;
  for (const entry of entries) {
    if (entry.body !== null && entry.body !== undefined)
      bodyBytes += Buffer.byteLength(JSON.stringify(entry.body));
  }
  return { requests: entries.length, bodyBytes };
}
