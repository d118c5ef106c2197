import { afterAll, beforeAll, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../src/emulator";
import { AGENT, API_KEY, CampaignStack, inDays, outgoingCall } from "./campaign";

/**
 * A wait shows in `pulumi up`: the provider writes one line per retry to its stderr, which the
 * engine passes through to the CLI (attributed to the stack, not to the batch: the dynamic-provider
 * host hands the provider no URN). The emulator answers the create's first POST 429 (a refusal,
 * retried within the budget); then an update's first PATCH 503 (retried, counted against the
 * attempts). A POST is never retried after a 5xx: that is reconciled instead (docs/reliability.md).
 */

let emulator: RunningEmulator;
let stack: CampaignStack;

beforeAll(async () => {
  // Throttles named here are free text that names no call throttle; "accept" keeps them (the 400
  // the emulator gives by default is tested in test/emulator/throttle-enforcement.test.ts).
  emulator = await startEmulator({ unknownThrottle: "accept", clock: "manual", apiKeys: [API_KEY] });
  stack = new CampaignStack(emulator);
  await stack.init({
    agentId: AGENT,
    windowStart: inDays(1),
    windowEnd: inDays(2),
    calls: [outgoingCall("+14155550123")],
  });
});

afterAll(async () => {
  await stack?.dispose();
  await emulator?.close();
});

it("`pulumi up` shows each rate-limit wait and retry as the provider's own line", async () => {
  const batch = {
    agentId: AGENT,
    windowStart: inDays(1),
    windowEnd: inDays(2),
    calls: [outgoingCall("+14155550123")],
  };
  await stack.admin.addFault({ kind: "status", status: 429, retryAfter: 1, method: "POST" });
  await stack.admin.clearJournal();
  const created = await stack.project.up();
  const path = `/api/agents/${AGENT}/scheduled_batches`;
  expect(created.stdout).toContain(
    `ultravox: 429 Too Many Requests on POST ${path}, waiting 1.0 s (try 2; a rate limit is retried within the 60.0 s retry budget)`,
  );
  expect(created.stdout).toMatch(/2 created/);

  await stack.admin.addFault({ kind: "status", status: 503, method: "PATCH" });
  await stack.setBatch({ ...batch, throttle: "gentle" });
  const updated = await stack.project.up();
  expect(updated.stdout).toMatch(
    new RegExp(
      `ultravox: 503 Service Unavailable on PATCH ${path}/[0-9a-f-]+, waiting \\d+\\.\\d s \\(attempt 2 of 5\\)`,
    ),
  );
  expect(updated.stdout).toMatch(/1 updated/);
  for (const result of [created, updated]) expect(result.output).not.toContain(API_KEY);
  const journal = await stack.admin.journal();
  expect(journal.map((entry) => `${entry.method} ${entry.status}`)).toEqual([
    "GET 200", // the look for an earlier create's batch
    "POST 429",
    "POST 201",
    "PATCH 503",
    "PATCH 200",
  ]);
}, 120_000);
