// In-memory shape of stored batches, their call items and call throttles (also the persisted shape).

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
  /** As the client sent it: the name or id of a call throttle. */
  throttle: string | null;
  /**
   * The call throttle `throttle` named when it was set (a renamed throttle still applies); null when
   * it named none. Absent in state files written before throttles existed.
   */
  throttleId?: string | null;
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

/** One sliding window: at most maxCalls calls placed in any windowSeconds. */
export interface ThrottleRule {
  maxCalls: number;
  windowSeconds: number;
}

/** An agent made through the API (OpenAPI `Agent`); its call template as the service holds it. */
export interface StoredAgent {
  agentId: string;
  created: string;
  name: string;
  callTemplate: Record<string, unknown> | null;
  /** Bumped by every change, as the service publishes a new revision. */
  publishedRevisionId: string;
}

export interface StoredThrottle {
  throttleId: string;
  created: string;
  name: string;
  rules: ThrottleRule[];
  /** Virtual times (ms) of the calls placed under this throttle, oldest first, within the longest window. */
  placedMs: number[];
}
