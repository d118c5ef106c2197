// Record of every /api/ request, so tests can see exactly what a client sent and what it got.
import type { JournalEntry } from "./types";

export class Journal {
  private entries: JournalEntry[] = [];
  private nextSeq = 1;

  /** Opens an entry at arrival; the caller fills status/dropped/fault and then calls record(). */
  open(method: string, path: string, query: Record<string, string>, body: unknown): JournalEntry {
    return {
      seq: this.nextSeq++,
      time: new Date().toISOString(),
      method,
      path,
      query,
      body,
      status: null,
      dropped: false,
      fault: null,
    };
  }

  record(entry: JournalEntry): void {
    this.entries.push(entry);
    this.entries.sort((a, b) => a.seq - b.seq);
  }

  list(): JournalEntry[] {
    return [...this.entries];
  }

  clear(): void {
    this.entries = [];
  }
}
