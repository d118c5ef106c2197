/**
 * The world a property runs in: the project's emulator (the faithful service, real HTTP, real
 * clock, no dialing so call lists stay changeable), the latitude proxy in front of it, and the
 * provider configured to talk to the proxy with short timeouts and retry budgets (so that faults
 * cost little time; the decisions they lead to are the same).
 */
import { afterAll, beforeAll, beforeEach } from "vitest";
import { EmulatorAdmin } from "../../scripts/lib/emulator-admin";
import { resetClaims } from "../../src/batch/claims";
import { type RunningEmulator, startEmulator } from "../../src/emulator";
import { API_KEY, iso } from "../fixtures";
import { configure } from "./engine";
import { LatitudeProxy } from "./latitude-proxy";

export { API_KEY };

export interface World {
  emulator: RunningEmulator;
  admin: EmulatorAdmin;
  proxy: LatitudeProxy;
  /** Start of this test file, whole seconds (programs' windows are placed after it). */
  t0: number;
}

/**
 * fast-check options for a property: `ci` cases in CI, FUZZ_RUNS cases under `npm run fuzz`; a
 * failure is replayed with FC_SEED (and FC_PATH, to go straight to the shrunk case), both printed
 * by the failing run.
 */
export function runs(ci: number): { numRuns: number; seed?: number; path?: string; endOnFailure?: boolean } {
  const fuzz = Number(process.env.FUZZ_RUNS);
  const seed = process.env.FC_SEED;
  const path = process.env.FC_PATH;
  return {
    numRuns: Number.isInteger(fuzz) && fuzz > 0 ? fuzz : ci,
    ...(seed ? { seed: Number(seed) } : {}),
    ...(path ? { path } : {}),
    // FC_NO_SHRINK=1 reports the first failing case as it is (a quick look while debugging).
    ...(process.env.FC_NO_SHRINK ? { endOnFailure: true } : {}),
  };
}

/** A property's time limit: enough for its cases and for shrinking a failure. */
export function timeLimit(ci: number): number {
  return 120_000 + runs(ci).numRuns * 3_000;
}

/** Request timeout and retry budget the provider runs with here. */
export const REQUEST_TIMEOUT_MS = 800;
export const RETRY_BUDGET_MS = 2_000;

export function useWorld(): World {
  const world = { t0: Math.floor(Date.now() / 1000) * 1000 } as World;
  beforeAll(async () => {
    // Throttles named here are free text that names no call throttle; "accept" keeps them (the 400
    // the emulator gives by default is tested in test/emulator/throttle-enforcement.test.ts).
    world.emulator = await startEmulator({
      unknownThrottle: "accept",
      clock: "realtime",
      apiKeys: [API_KEY],
      dialRatePerSecond: 0,
    });
    world.admin = new EmulatorAdmin(world.emulator);
    world.proxy = await LatitudeProxy.start(world.emulator.url, {
      windowStart: iso(world.t0),
      windowEnd: iso(world.t0 + 30 * 24 * 3_600_000),
    });
    await configure({
      "ultravox:apiKey": API_KEY,
      "ultravox:baseUrl": world.proxy.url,
      "ultravox:requestTimeoutMs": String(REQUEST_TIMEOUT_MS),
      "ultravox:retryBudgetMs": String(RETRY_BUDGET_MS),
      "ultravox:maxAttempts": "3",
    });
  });
  afterAll(async () => {
    await world.proxy?.close();
    await world.emulator?.close();
  });
  beforeEach(() => {
    world.proxy.reset();
    resetClaims();
  });
  return world;
}

/**
 * Start one generated case: an empty service (shrinking reuses the same agent id, so batches of an
 * earlier case must not count), the given latitude and faults, fresh claims (a new `pulumi up`).
 */
export async function newCase(world: World, ...args: Parameters<LatitudeProxy["reset"]>): Promise<void> {
  const { status } = await world.admin.request("POST", "/_emulator/reset");
  if (status !== 204) throw new Error(`emulator reset failed: ${status}`);
  world.proxy.reset(...args);
  resetClaims();
}

/** The batches the service holds for an agent (read straight from the emulator). */
export async function batchesOf(world: World, agentId: string): Promise<Record<string, unknown>[]> {
  return world.admin.batches(agentId);
}

/** A change made outside the program, sent straight to the service as the dashboard would. */
export async function editOutside(
  world: World,
  agentId: string,
  batchId: string,
  edit: Record<string, unknown>,
): Promise<void> {
  const { status, json } = await world.admin.request(
    "PATCH",
    `/api/agents/${agentId}/scheduled_batches/${batchId}`,
    edit,
  );
  if (status !== 200)
    throw new Error(`outside edit ${JSON.stringify(edit)} refused: ${status} ${JSON.stringify(json)}`);
}
