// In-memory shape of stored batches and their call items (also the persisted shape).

export type ScheduledCallStatus = "FUTURE" | "PENDING" | "SUCCESS" | "EXPIRED" | "ERROR";

export type JsonObject = { [key: string]: unknown };

export interface StoredCall {
  /** The call item exactly as the client sent it (unknown keys included). */
  received: JsonObject;
  status: ScheduledCallStatus;
  callId: string | null;
  error: string | null;
}

/** What the emulator keeps of a call it created; representation.ts makes the Call object of it. */
export interface CreatedCall {
  callId: string;
  created: string;
  agentId: string;
  metadata: Record<string, string>;
  medium: unknown;
  joinUrl: string | null;
  templateContext: unknown;
  experimentalSettings: unknown;
  ended: string | null;
  endReason: string | null;
}

export interface StoredBatch {
  agentId: string;
  batchId: string;
  created: string;
  windowStart: string | null;
  windowEnd: string | null;
  throttle: string | null;
  webhookUrl: string | null;
  webhookSecret: string;
  paused: boolean;
  endedAt: string | null;
  calls: StoredCall[];
  createdCalls: CreatedCall[];
  /** Virtual time (ms) up to which the scheduler has already processed this batch. */
  progressedUntilMs: number;
  /** Fractional dial allowance carried between scheduler runs. */
  dialCredit: number;
}
