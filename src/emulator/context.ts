// Everything a request handler may touch, bundled so handlers stay plain functions.
import { randomBytes, randomInt } from "node:crypto";
import type { AgentStore } from "./agent-store";
import type { VirtualClock } from "./clock";
import type { FaultQueue } from "./faults";
import type { Journal } from "./journal";
import type { RateLimiter } from "./rate-limit";
import type { BatchStore } from "./store";
import type { ThrottleStore } from "./throttle-store";
import type { BehaviourOptions } from "./types";

export interface EmulatorContext {
  store: BatchStore;
  throttles: ThrottleStore;
  agents: AgentStore;
  clock: VirtualClock;
  options: BehaviourOptions;
  /** The callTemplate an agent's GET answers, by agent id (startup option, not persisted). */
  agentCallTemplates: Record<string, Record<string, unknown>>;
  apiKeys: string[];
  faults: FaultQueue;
  rateLimiter: RateLimiter;
  journal: Journal;
  /** Whether journal entries keep the request's Content-Type and size and the answer's body. */
  journalExchanges: boolean;
  /** Writes the state file if one is configured and something changed. */
  persist(): void;
}

const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

function randomAlphanumeric(length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHANUMERIC[randomInt(ALPHANUMERIC.length)];
  return out;
}

/** Same shape as real Ultravox keys: 8 alphanumerics, a dot, 32 alphanumerics. */
export function generateApiKey(): string {
  return `${randomAlphanumeric(8)}.${randomAlphanumeric(32)}`;
}

/** The secret the server picks when the client gives none (format undocumented; 32 url-safe chars). */
export function generateWebhookSecret(): string {
  return randomBytes(24).toString("base64url");
}

/** Django's <uuid:> path converter: lower-case canonical form only. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Checks X-API-Key (or X-Unsafe-API-Key); returns a 401 detail message, or null when accepted. */
export function authFailure(
  headers: Record<string, string | string[] | undefined>,
  apiKeys: string[],
): string | null {
  const raw = headers["x-api-key"] ?? headers["x-unsafe-api-key"];
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (key === undefined || key === "") return "Authentication credentials were not provided.";
  return apiKeys.includes(key) ? null : "Invalid API key.";
}
