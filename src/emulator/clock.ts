// Virtual clock: every timestamp the emulator hands out comes from here, so tests can move time.
import type { ClockMode } from "./types";

export interface ClockState {
  mode: ClockMode;
  /** realtime: ms added to the wall clock. manual: ms added to the frozen start instant. */
  offsetMs: number;
  /** manual only: the instant the clock was frozen at (ms since epoch). */
  frozenAtMs: number;
}

export class VirtualClock {
  private state: ClockState;

  constructor(mode: ClockMode, restored?: ClockState) {
    if (restored && restored.mode === mode) {
      this.state = { ...restored };
    } else if (restored) {
      // Mode changed across a restart: keep the same virtual instant, re-expressed in the new mode.
      const now = restored.mode === "manual" ? restored.frozenAtMs + restored.offsetMs : Date.now();
      this.state =
        mode === "manual"
          ? { mode, offsetMs: 0, frozenAtMs: now }
          : { mode, offsetMs: now - Date.now(), frozenAtMs: 0 };
    } else {
      this.state = { mode, offsetMs: 0, frozenAtMs: Date.now() };
    }
  }

  nowMs(): number {
    const base = this.state.mode === "manual" ? this.state.frozenAtMs : Date.now();
    return base + this.state.offsetMs;
  }

  nowIso(): string {
    return new Date(this.nowMs()).toISOString();
  }

  advance(seconds: number): void {
    this.state.offsetMs += Math.round(seconds * 1000);
  }

  snapshot(): ClockState {
    return { ...this.state };
  }
}
