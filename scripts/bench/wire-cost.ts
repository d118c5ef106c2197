import type { ScheduledCall } from "pulumi-ultravox";
import { scheduledBatchProvider as provider } from "pulumi-ultravox";
import { startEmulator } from "pulumi-ultravox/emulator";
import { EmulatorAdmin } from "../lib/emulator-admin";
import { AGENT_ID, API_KEY, batchArgs, isoDaysFromNow } from "./fixtures";
import { wireTotals } from "./wire-totals";

/**
 * Section 1: what one change costs on the wire. Ours: the real provider object (the serialized
 * forwarder, which loads the lifecycle from the built package) runs check -> diff -> update against
 * the emulator, as the engine would. Baseline: what a generic REST provider sends, every writable
 * field on every update, as one PATCH of the full object to an identical batch. Both are real
 * requests, counted and sized from the emulator's journal the same way.
 */

type Props = Record<string, unknown>;
type Args = ReturnType<typeof batchArgs>;

export interface WireCase {
  change: string;
  calls: number;
  ours: { requests: number; bodyBytes: number; body: string };
  baseline: { requests: number; bodyBytes: number };
  /** Baseline bytes / our bytes (how many times more a full-object update sends). */
  bytesRatio: number | null;
}

interface Change {
  name: string;
  apply: (args: Args) => Args;
}

const CHANGES: Change[] = [
  { name: "toggle paused", apply: (a) => ({ ...a, paused: true }) },
  {
    name: "move the window (+1 day)",
    apply: (a) => ({ ...a, windowStart: isoDaysFromNow(2), windowEnd: isoDaysFromNow(3) }),
  },
  {
    name: "change the webhook URL",
    apply: (a) => ({ ...a, webhookUrl: "https://hooks.example.com/ultravox/v2" }),
  },
  {
    name: "change one call",
    apply: (a) => {
      const calls: ScheduledCall[] = [...a.calls];
      const middle = Math.floor(calls.length / 2);
      calls[middle] = { ...calls[middle], templateContext: { firstName: "Changed", plan: "enterprise" } };
      return { ...a, calls };
    },
  },
];

/** Every field a generic REST provider would write: the whole declared object minus the path's agentId. */
function fullObject(args: Props): Props {
  const { agentId: _agentId, ...rest } = args;
  return rest;
}

async function createWithProvider(raw: Args): Promise<{ id: string; outs: Props }> {
  const checked = await provider.check?.({}, raw);
  if (!checked || (checked.failures ?? []).length > 0)
    throw new Error(`check failed: ${JSON.stringify(checked)}`);
  const created = await provider.create(checked.inputs);
  return { id: created.id, outs: created.outs as Props };
}

function summarizeBody(body: unknown): string {
  if (body === null || typeof body !== "object") return "";
  return Object.keys(body as Props).join(", ");
}

async function measureCase(admin: EmulatorAdmin, change: Change, size: number): Promise<WireCase> {
  const before = batchArgs(size);
  const after = change.apply(before);

  // Ours: check -> diff -> update, exactly the engine's sequence for an update.
  const ours = await createWithProvider(before);
  await admin.clearJournal();
  const checked = await provider.check?.(ours.outs, after);
  if (!checked) throw new Error("provider has no check");
  const diff = await provider.diff?.(ours.id, ours.outs, checked.inputs);
  if (diff?.changes) await provider.update?.(ours.id, ours.outs, checked.inputs);
  const ourEntries = await admin.journal();
  if (ourEntries.some((e) => e.status !== 200))
    throw new Error(`our update failed: ${JSON.stringify(ourEntries)}`);

  // Baseline: one PATCH with the full object, against a batch created the same way.
  const base = await createWithProvider(before);
  await admin.clearJournal();
  const path = `/api/agents/${AGENT_ID}/scheduled_batches/${base.id}`;
  const { status } = await admin.request("PATCH", path, fullObject({ ...after }));
  if (status !== 200) throw new Error(`baseline PATCH answered ${status}`);
  const baseEntries = await admin.journal();

  const o = wireTotals(ourEntries);
  const b = wireTotals(baseEntries);
  return {
    change: change.name,
    calls: size,
    ours: { ...o, body: ourEntries.map((e) => summarizeBody(e.body)).join(" | ") },
    baseline: b,
    bytesRatio: o.bodyBytes === 0 ? null : b.bodyBytes / o.bodyBytes,
  };
}

export async function measureWireCost(): Promise<{ cases: WireCase[]; callBytes1000: number }> {
  // Throttles named here are free text that names no call throttle; "accept" keeps them (the 400
  // the emulator gives by default is tested in test/emulator/throttle-enforcement.test.ts).
  const emulator = await startEmulator({ unknownThrottle: "accept", clock: "manual", apiKeys: [API_KEY] });
  const admin = new EmulatorAdmin(emulator);
  const saved = { key: process.env.ULTRAVOX_API_KEY, url: process.env.ULTRAVOX_BASE_URL };
  process.env.ULTRAVOX_API_KEY = API_KEY;
  process.env.ULTRAVOX_BASE_URL = emulator.url;
  try {
    const cases: WireCase[] = [];
    for (const size of [1000, 10]) {
      for (const change of CHANGES) cases.push(await measureCase(admin, change, size));
    }
    return { cases, callBytes1000: Buffer.byteLength(JSON.stringify(batchArgs(1000).calls)) };
  } finally {
    for (const [name, value] of [
      ["ULTRAVOX_API_KEY", saved.key],
      ["ULTRAVOX_BASE_URL", saved.url],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await emulator.close();
  }
}
