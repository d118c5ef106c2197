import { describe, expect, it } from "vitest";
import { everyInputArgs } from "../../examples/every-input/args";
import type { JournalEntry } from "../../src/emulator";
import { apiDescription } from "../openapi/api-description";
import { expectTrafficMatchesApi, journalOf } from "../openapi/traffic-check";
import {
  AGENT,
  checked,
  createBatch,
  DAY,
  iso,
  type Props,
  provider,
  rejection,
  useEmulator,
  WEBHOOK_SECRET,
  without,
  withProviderKey,
} from "./harness";

/**
 * A campaign's whole life through the forwarder, and the error answers the emulator gives, with every
 * exchange checked against Ultravox's OpenAPI description (the harness checks after each test too;
 * here the check is explicit and the traffic is shown to cover what it claims to).
 */

const env = useEmulator();

/** The README's every-input batch (every call medium), under the test agent. */
function campaign(): Props {
  return { ...everyInputArgs(WEBHOOK_SECRET, "sip-password-7f3a"), agentId: AGENT } as Props;
}

/** One program change per batch field, applied in turn. */
const CHANGES: Array<(args: Props) => Props> = [
  (a) => ({ ...a, windowStart: iso(Date.parse(a.windowStart as string) + 3600_000) }),
  (a) => ({ ...a, windowEnd: iso(Date.parse(a.windowEnd as string) + DAY) }),
  (a) => without(a, "windowStart"),
  (a) => ({ ...a, throttle: "night-shift" }),
  (a) => without(a, "throttle"),
  (a) => ({ ...a, webhookUrl: "https://hooks.example.com/v2" }),
  (a) => ({ ...a, webhookSecret: "whsec-rotated-0b7c" }),
  (a) => ({ ...a, calls: (a.calls as Props[]).slice(0, 5) }),
  (a) => ({ ...a, paused: true }),
];

/** Which operations and statuses the journaled traffic contains. */
function coverage(journal: JournalEntry[]): { operations: Set<string>; statuses: Set<number | null> } {
  const operations = new Set<string>();
  for (const entry of journal) {
    const match = apiDescription().find(entry.method, entry.path);
    operations.add(
      typeof match === "string" ? `(none) ${entry.method} ${entry.path}` : match.operation.operationId,
    );
  }
  return { operations, statuses: new Set(journal.map((entry) => entry.status)) };
}

async function postDirectly(body: Props): Promise<string> {
  const { status, json } = await env.admin.request("POST", `/api/agents/${AGENT}/scheduled_batches`, body);
  expect(status).toBe(201);
  return (json as { batchId: string }).batchId;
}

describe("traffic against the Ultravox OpenAPI description", () => {
  it("create with every medium, one update per field, pause, refresh, adopt and delete", async () => {
    let program = campaign();
    const created = await createBatch(program);
    let outs = created.outs;
    for (const change of CHANGES) {
      const next = change(program);
      const result = await provider.update!(created.id, outs, await checked(next, program));
      outs = withProviderKey(result.outs as Props);
      program = next;
    }
    expect(outs.paused).toBe(true);
    await provider.read!(created.id, outs);

    const existing = await postDirectly({
      calls: [{ medium: { webRtc: {} } }],
      webhookUrl: "https://x.example.com/h",
    });
    const adopted = await provider.create(await checked({ ...campaign(), adoptBatchId: existing }));
    expect(adopted.id).toBe(existing);

    await provider.delete!(created.id, outs);
    await provider.delete!(adopted.id, withProviderKey(adopted.outs as Props));

    await expectTrafficMatchesApi(env.emulator, { requests: "all" });
    const { operations, statuses } = coverage(await journalOf(env.emulator));
    expect([...operations].sort()).toEqual([
      "agents_scheduled_batches_create",
      "agents_scheduled_batches_destroy",
      "agents_scheduled_batches_partial_update",
      "agents_scheduled_batches_retrieve",
      "agents_scheduled_batches_scheduled_calls_list",
    ]);
    expect([...statuses].sort()).toEqual([200, 201, 204]);
  });

  it("an agentId written in upper case reaches the service's lower-case path", async () => {
    const agent = "a6c8d3c1-2f4b-4a7e-9b1d-0e5f7a9c3b2e";
    const { id, outs } = await createBatch({ ...campaign(), agentId: agent.toUpperCase() });
    expect(await env.admin.requests()).toEqual([`POST /api/agents/${agent}/scheduled_batches`]);
    await provider.delete!(id, outs);
  });

  it("error answers: 400 for too short a window, 404 for a batch gone, 429 and 503 before a retry", async () => {
    await env.admin.setOptions({ minWindowSeconds: 400 * DAY });
    try {
      await rejection(createBatch(campaign()));
    } finally {
      await env.admin.setOptions({ minWindowSeconds: 60 });
    }

    // A 429 on POST is retried (the service did not act); a 503 on a read too. (A POST's 503 is not:
    // the service may have acted, so the create is reconciled instead, which takes the retry budget.)
    await env.admin.addFault({ kind: "status", status: 429, retryAfter: 0, method: "POST" });
    const { id, outs } = await createBatch(campaign());
    await env.admin.addFault({ kind: "status", status: 503, retryAfter: 0, method: "GET" });
    await provider.read!(id, outs);
    await env.admin.request("DELETE", `/api/agents/${AGENT}/scheduled_batches/${id}`);
    await provider.read!(id, outs);
    await provider.delete!(id, outs);

    await expectTrafficMatchesApi(env.emulator, { requests: "all" });
    const { operations, statuses } = coverage(await journalOf(env.emulator));
    // The provider proves a 404 means "gone" by listing the agent's batches.
    expect(operations).toContain("agents_scheduled_batches_list");
    expect([...statuses].sort()).toEqual([200, 201, 204, 400, 404, 429, 503]);
  });
});
