import type { FaultSpec, JournalEntry, RunningEmulator } from "../../src/emulator";

/** Test-side access to the emulator's admin API and to its batch API, over real HTTP. */
export class EmulatorAdmin {
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

  /** The journal as `METHOD path` lines, the shape most assertions want. */
  async requests(): Promise<string[]> {
    return (await this.journal()).map((entry) => `${entry.method} ${entry.path}`);
  }

  async clearJournal(): Promise<void> {
    await this.request("DELETE", "/_emulator/journal");
  }

  async addFault(fault: FaultSpec): Promise<void> {
    const { status } = await this.request("POST", "/_emulator/faults", fault);
    if (status !== 201) throw new Error(`adding fault failed: ${status}`);
  }

  async clearFaults(): Promise<void> {
    await this.request("DELETE", "/_emulator/faults");
  }

  async setRateLimit(requestsPerSecond: number | null): Promise<void> {
    await this.request("PUT", "/_emulator/rate-limit", { requestsPerSecond });
  }

  async setOptions(options: Record<string, unknown>): Promise<void> {
    await this.request("PATCH", "/_emulator/options", options);
  }

  async advanceClock(seconds: number): Promise<void> {
    await this.request("POST", "/_emulator/clock/advance", { seconds });
  }

  async batch(agentId: string, batchId: string): Promise<{ status: number; json: Record<string, unknown> }> {
    const { status, json } = await this.request("GET", `/api/agents/${agentId}/scheduled_batches/${batchId}`);
    return { status, json: json as Record<string, unknown> };
  }

  async batches(agentId: string): Promise<Record<string, unknown>[]> {
    const { json } = await this.request("GET", `/api/agents/${agentId}/scheduled_batches?pageSize=1000`);
    return (json as { results: Record<string, unknown>[] }).results;
  }

  async storedCalls(agentId: string, batchId: string): Promise<unknown[]> {
    const { json } = await this.request("GET", `/_emulator/agents/${agentId}/batches/${batchId}/calls`);
    return (json as { calls: unknown[] }).calls;
  }
}
