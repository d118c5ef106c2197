// Public option/record types of the emulator, shared by the server, the CLI and tests.

export type ClockMode = "realtime" | "manual";
export type PausedResumePolicy = "reject" | "resume";
export type PatchCallsPolicy = "reject-after-start" | "replace";
export type UnknownThrottlePolicy = "reject" | "accept";

export interface EmulatorOptions {
  /** 0 = pick a free port (default 0). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Accepted API keys; default: one generated key. */
  apiKeys?: string[];
  /** JSON file the state is loaded from at start and written to after each mutation. */
  stateFile?: string;
  /** Allow-list of agent ids; default: any agent id is accepted. */
  agents?: string[];
  /** The callTemplate an agent's GET answers, by agent id (default: none, `callTemplate: null`). */
  agentCallTemplates?: Record<string, Record<string, unknown>>;
  clock?: ClockMode;
  /** Smallest allowed window after max(windowStart, now), in seconds (default 60). */
  minWindowSeconds?: number;
  /** Calls placed per virtual second while a window is open (default 1). */
  dialRatePerSecond?: number;
  pausedResume?: PausedResumePolicy;
  patchCalls?: PatchCallsPolicy;
  /** What a batch's `throttle` naming no call throttle gets (default "reject": a 400). */
  unknownThrottle?: UnknownThrottlePolicy;
  /** Requests per second per API key on /api/ paths; null = off (default). */
  rateLimitPerSecond?: number | null;
  faults?: FaultSpec[];
  /**
   * Keep in each journal entry what checking the traffic against the API description needs: the
   * request's Content-Type and size and the answer's body (default false: bodies can be large).
   */
  journalExchanges?: boolean;
}

interface FaultFilter {
  /** How many matching requests the fault applies to (default 1). */
  count?: number;
  /** Only requests with this HTTP method (case-insensitive). */
  method?: string;
  /** Regex source tested against the URL pathname. */
  path?: string;
}

export type FaultSpec =
  | ({
      kind: "status";
      status: 429 | 500 | 502 | 503 | 504;
      retryAfter?: number | string;
      /** Process the request first (as a proxy answering after the service acted); default false. */
      processed?: boolean;
    } & FaultFilter)
  /** Process the request, then answer its status with only the `batchId` of the answer's body. */
  | ({ kind: "only-id" } & FaultFilter)
  | ({ kind: "latency"; ms: number } & FaultFilter)
  | ({ kind: "drop-before" | "drop-after" } & FaultFilter);

export interface JournalEntry {
  seq: number;
  /** Real wall-clock time the request arrived (ISO). */
  time: string;
  method: string;
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body, or null when absent or not JSON. */
  body: unknown;
  /** Status answered, or null when the connection was dropped before answering. */
  status: number | null;
  dropped: boolean;
  fault: string | null;
  /** Only when started with `journalExchanges: true`. */
  exchange?: JournalExchange;
}

export interface JournalExchange {
  /** The request's Content-Type header, null when it had none. */
  requestContentType: string | null;
  /** Size of the request body in bytes, 0 when none was sent. */
  requestBodyBytes: number;
  /** The answer's JSON body; absent when the answer had none (204) or was never sent. */
  answerBody?: unknown;
}

export interface RunningEmulator {
  /** http://HOST:PORT, no trailing slash. */
  url: string;
  /** The first accepted API key. */
  apiKey: string;
  close(): Promise<void>;
}

/** Options that can be changed while running (GET/PATCH /_emulator/options) and are persisted. */
export interface BehaviourOptions {
  minWindowSeconds: number;
  dialRatePerSecond: number;
  pausedResume: PausedResumePolicy;
  patchCalls: PatchCallsPolicy;
  unknownThrottle: UnknownThrottlePolicy;
  agents: string[] | null;
}
