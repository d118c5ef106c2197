// Optional JSON state file: loaded at start, rewritten atomically (temp file + rename) after mutations.
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { AgentState } from "./agent-store";
import type { ClockState } from "./clock";
import type { StoredBatch, StoredThrottle } from "./model";
import type { BehaviourOptions } from "./types";

export interface PersistedState {
  version: 1;
  clock: ClockState;
  options: BehaviourOptions;
  batches: StoredBatch[];
  /** Absent in state files written before throttles existed. */
  throttles?: StoredThrottle[];
  /** Absent in state files written before agents existed. */
  agents?: AgentState;
}

export function loadState(file: string): PersistedState | null {
  if (!existsSync(file)) return null;
  const parsed = JSON.parse(readFileSync(file, "utf8")) as PersistedState;
  if (parsed.version !== 1 || !Array.isArray(parsed.batches)) {
    throw new Error(`Unrecognised emulator state file: ${file}`);
  }
  return parsed;
}

export function saveState(file: string, state: PersistedState): void {
  // Rename is atomic on one file system, so a crash never leaves a half-written state file.
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(state, null, 2));
  renameSync(temp, file);
}
