// The batches, scoped by agent, plus a dirty flag telling the server when to persist.
import type { StoredBatch } from "./model";

export class BatchStore {
  private batches: StoredBatch[];
  /** Set by any mutation; the server persists and clears it after each request. */
  dirty = false;

  constructor(initial: StoredBatch[] = []) {
    this.batches = initial;
  }

  /** The agent's batches in creation order. */
  listForAgent(agentId: string): StoredBatch[] {
    return this.batches.filter((batch) => batch.agentId === agentId);
  }

  /** A batch only exists under the agent it was created for. */
  find(agentId: string, batchId: string): StoredBatch | undefined {
    return this.batches.find((batch) => batch.agentId === agentId && batch.batchId === batchId);
  }

  add(batch: StoredBatch): void {
    this.batches.push(batch);
    this.dirty = true;
  }

  remove(batch: StoredBatch): void {
    this.batches = this.batches.filter((candidate) => candidate !== batch);
    this.dirty = true;
  }

  clear(): void {
    this.batches = [];
    this.dirty = true;
  }

  all(): StoredBatch[] {
    return this.batches;
  }
}
