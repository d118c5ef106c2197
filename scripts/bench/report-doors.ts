import type { DoorKind } from "./door-projects";
import type { DoorStack, DoorsResult } from "./doors";
import type { PeakMemory } from "./peak-memory";
import type { CopiesResult } from "./plugin-copies";
import type { ScaleResult, ScaleSeries } from "./scale";
import type { Summary } from "./stats";

/**
 * Sections 7 (both doors: no-op runs and state), 8 (memory by door and the 10k preview) and 9 (where
 * the plugin's memory goes) of BENCHMARKS.md.
 */

const int = (n: number) => Math.round(n).toLocaleString("en-US");
const ratio = (n: number | null) => (n === null ? "n/a" : `${n.toFixed(2)}×`);
const secs = (n: number) => `${(n / 1000).toFixed(2)} s`;
const spread = (s: Summary) => `${secs(s.median)} (${secs(s.min)} – ${secs(s.max)})`;
const mb = (n: number | null) => (n === null ? "—" : `${int(n / 1048576)} MB`);

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

export const DOOR_GOALS = { previewVsControl: 1.1, stateVsPayload: 1.3, pluginProviderBytes: 300 * 1048576 };

const LABELS: Record<DoorKind, string> = {
  "ts-dynamic": "dynamic door, TypeScript program: 50 batches × 100 calls",
  "ts-dynamic-control": "control: 50 trivial dynamic resources (TypeScript)",
  "ts-plugin": "plugin door, TypeScript program: 50 batches × 100 calls",
  "ts-plugin-control": "control: 50 resources of a trivial provider plugin (TypeScript)",
  "ts-plugin-deep-control": "control: the same, each holding a batch's 100 calls as plain input (TypeScript)",
  "yaml-plugin": "plugin door, YAML program: 50 batches × 100 calls",
  "yaml-plugin-control": "control: 50 resources of a trivial provider plugin (YAML)",
  "yaml-plugin-deep-control": "control: the same, each holding a batch's 100 calls as plain input (YAML)",
};

export function doorsSection(d: DoorsResult, notes: string[]): string {
  const by = (kind: DoorKind): DoorStack => {
    const stack = d.stacks.find((s) => s.kind === kind);
    if (!stack) throw new Error(`doors: no ${kind} stack`);
    return stack;
  };
  const rows = d.stacks.map((s) => [LABELS[s.kind], spread(s.preview), spread(s.up), String(s.requests)]);
  const pairs: [string, DoorKind, DoorKind, boolean][] = [
    ["dynamic door ÷ trivial dynamic control", "ts-dynamic", "ts-dynamic-control", false],
    ["plugin door (TypeScript) ÷ trivial dynamic control", "ts-plugin", "ts-dynamic-control", false],
    [
      "plugin door (TypeScript) ÷ trivial plugin control (TypeScript)",
      "ts-plugin",
      "ts-plugin-control",
      true,
    ],
    ["plugin door (YAML) ÷ trivial plugin control (YAML)", "yaml-plugin", "yaml-plugin-control", true],
    [
      "plugin door (TypeScript) ÷ trivial plugin holding the same calls",
      "ts-plugin",
      "ts-plugin-deep-control",
      false,
    ],
    [
      "plugin door (YAML) ÷ trivial plugin holding the same calls",
      "yaml-plugin",
      "yaml-plugin-deep-control",
      false,
    ],
  ];
  const ratioRows = pairs.map(([name, ours, control, goal]) => {
    const preview = by(ours).preview.median / by(control).preview.median;
    const up = by(ours).up.median / by(control).up.median;
    const judged = goal ? (preview <= DOOR_GOALS.previewVsControl ? "met" : "**missed**") : "—";
    if (goal && preview > DOOR_GOALS.previewVsControl)
      notes.push(`**Plugin no-op preview**: ${name} is ${ratio(preview)}, the goal ≤ 1.10× (section 7).`);
    return [name, ratio(preview), ratio(up), judged];
  });
  const stateRows = d.stacks
    .filter((s) => s.state)
    .map((s) => {
      const state = s.state as NonNullable<DoorStack["state"]>;
      const r = state.recordBytes / state.payloadBytes;
      const plugin = s.kind.includes("plugin");
      if (plugin && r > DOOR_GOALS.stateVsPayload)
        notes.push(
          `**Plugin state**: ${s.kind} keeps ${ratio(r)} the calls payload per batch, the goal ≤ 1.30× (section 7).`,
        );
      return [
        LABELS[s.kind],
        `${int(state.fileBytesPerBatch)} B`,
        `${int(state.recordBytes)} B`,
        `${int(state.payloadBytes)} B`,
        ratio(r),
        plugin ? (r <= DOOR_GOALS.stateVsPayload ? "met" : "**missed**") : "—",
      ];
    });
  const requests = d.stacks.reduce((sum, s) => sum + s.requests, 0);
  if (requests !== 0)
    notes.push(`**No-op runs through the doors sent ${requests} API requests** (section 7).`);
  return `## 7. Both doors: no-op runs and state, against controls in the same run

Plain \`pulumi preview\` and \`pulumi up\` (\`--skip-preview\`) in project directories written by
\`scripts/bench/door-projects.ts\` under \`.tmp/bench-doors/\`, each stack of ${d.resources} resources; the
batches carry ${d.callsPerBatch} calls each (\`scripts/bench/fixtures.ts\`). The plugin door is driven two ways:
from the **same TypeScript (Node.js) program** as the dynamic door, declaring the plugin's type
token as a generated SDK does (a \`CustomResource\`; no SDK build step), so the program's cost is the
same in both doors; and from a **YAML program** (\`runtime: yaml\`), which has no Node.js program at
all. Each is compared with a trivial control **in the same language and through the same kind of
door**: a trivial dynamic resource (section 2's), and a trivial provider plugin on the same Node.js
and gRPC stack as ours (\`scripts/bench/control-plugin/\`: check accepts, diff says "no change", no
request). The trivial plugin's resources also run holding each batch's very calls as a plain
input: the difference to the trivial control is what a typed list of calls costs Pulumi (the SDK or
the YAML host, and the engine), the rest is the plugin's. ${d.runs} timed runs per operation after one untimed warm-up; the stacks take turns.

${table(["stack", "no-op preview", "no-op up", "API requests (all no-op runs)"], rows)}

${table(["ratio of medians", "preview", "up", `goal: preview ≤ ${DOOR_GOALS.previewVsControl.toFixed(2)}×`], ratioRows)}

State per batch: the stack's state file ÷ ${d.resources}, and one batch's record in \`pulumi stack export\`
(compact JSON) against its calls as compact JSON.

${table(["door", "state file per batch", "batch record", "calls payload", "record ÷ payload", `goal ≤ ${DOOR_GOALS.stateVsPayload.toFixed(2)}× (plugin)`], stateRows)}`;
}

type Op = "up" | "preview";
const peak = (series: ScaleSeries | null, op: Op, role: keyof PeakMemory) =>
  series?.memory?.[op][role] ?? null;

export function memorySection(s: ScaleResult, notes: string[]): string {
  const rows: string[][] = [];
  for (const row of s.rows) {
    for (const [door, series] of [
      ["dynamic", row.ours],
      ["plugin", row.plugin],
    ] as const) {
      if (!series?.memory) continue;
      const provider = Math.max(
        peak(series, "up", "provider") ?? 0,
        peak(series, "preview", "provider") ?? 0,
      );
      rows.push([
        int(row.calls),
        `${(row.payloadBytes / 1048576).toFixed(1)} MB`,
        door,
        `${mb(peak(series, "up", "provider"))} / ${mb(peak(series, "preview", "provider"))}`,
        `${(provider / row.payloadBytes).toFixed(0)}×`,
        `${mb(peak(series, "up", "program"))} / ${mb(peak(series, "preview", "program"))}`,
        `${mb(peak(series, "up", "engine"))} / ${mb(peak(series, "preview", "engine"))}`,
        ratio(series.recordBytes / row.payloadBytes),
      ]);
      if (door === "plugin" && row.calls === 100_000 && provider > DOOR_GOALS.pluginProviderBytes)
        notes.push(
          `**Plugin memory**: its process peaks at ${mb(provider)} at 100,000 calls, the goal ≤ 300 MB (section 8).`,
        );
      const program = Math.max(peak(series, "up", "program") ?? 0, peak(series, "preview", "program") ?? 0);
      const engine = Math.max(peak(series, "up", "engine") ?? 0, peak(series, "preview", "engine") ?? 0);
      if (door === "plugin" && row.calls === 100_000 && Math.max(program, engine) > 1024 ** 3)
        notes.push(
          `**A program declaring 100,000 calls through the plugin door** peaks at ${mb(program)} (the Node.js ` +
            `program) and ${mb(engine)} (the engine), section 8: the typed list crosses the SDK and the engine value ` +
            "by value. The dynamic door's program sends the calls as one text, so its program and engine stay far smaller.",
        );
    }
  }
  const ten = s.rows.find((row) => row.calls === 10_000);
  const tenRows: string[][] = [];
  if (ten?.ours.preview) {
    const base = ten.control?.preview?.median ?? null;
    for (const [name, summary] of [
      ["dynamic door", ten.ours.preview],
      ["plugin door (same TypeScript program)", ten.plugin?.preview ?? null],
      ["deep-input control (trivial dynamic resource)", ten.control?.preview ?? null],
    ] as const) {
      if (!summary) continue;
      tenRows.push([
        name,
        spread(summary),
        ratio(base === null ? null : summary.median / base),
        ratio(summary.median / s.floor.median),
      ]);
    }
  }
  return `## 8. Memory by door, and the 10k-call no-op preview

Peak resident memory (the kernel's high-water mark, VmHWM) of each process one \`pulumi\` command
starts, for section 6's single batch: the **provider** (dynamic door: the
\`pulumi-resource-pulumi-nodejs\` host's Node.js process; plugin door: \`pulumi-resource-ultravox\`),
the **program** (the Node.js language host's child running the program) and the **engine** (the
\`pulumi\` CLI). \`scripts/bench/peak-memory.ts\` walks the processes below the harness every 25 ms
(from the kernel's child lists, so other runs on the machine never count) and keeps the last VmHWM
each one had; VmHWM only grows, so that is its peak short of its last 25 ms, when the work is done.
Sampled during the \`up\` that creates the batch and during its first no-op preview. Both doors run
the very same program and calls (\`scripts/bench/projects/generated-calls.js\`); the plugin door's
program declares the typed list, which the dynamic door's program turns into text before the engine.

${table(["calls", "calls payload", "door", "provider: up / preview", "provider peak ÷ payload", "program: up / preview", "engine: up / preview", "state record ÷ payload"], rows)}

Goal: the plugin's process at most 300 MB at 100,000 calls.

${
  tenRows.length > 0
    ? `The 10k-call no-op preview by door (section 6's runs; control and floor as there):\n\n${table(["10,000 calls", "no-op preview", "÷ deep-input control", "÷ empty-stack floor"], tenRows)}`
    : ""
}`;
}

export function copiesSection(c: CopiesResult): string {
  const rows = c.steps.map((s) => [
    s.step,
    `+${mb(s.plain.riseBytes)}`,
    `+${mb(s.classes.riseBytes)}`,
    `${int(s.plain.ms)} ms / ${int(s.classes.ms)} ms`,
  ]);
  return `## 9. Where the plugin's memory goes

The plugin's work for one batch of ${int(c.calls)} calls, step by step in a fresh Node.js process
(\`scripts/bench/plugin-copies.ts\`): the engine's Check request (${mb(c.checkRequestBytes)} as bytes: the calls as
a typed list, as a YAML program or a generated SDK sends them), then its Diff request on a no-op
(calls as one text in olds and news). Each figure is how far the process's VmHWM has risen since
the bytes were read (cumulative), so garbage V8 has not collected yet counts, as in the real plugin.
**Today**: requests decoded by \`src/plugin/plain-requests.ts\`, answers encoded by
\`src/plugin/plain-responses.ts\`, V8 started as \`bin/pulumi-resource-ultravox\` starts it
(\`--optimize-for-size\`: collect sooner rather than grow the heap). **Generated classes**: google-protobuf's \`deserializeBinary\` +
\`toJavaScript\` and \`Struct.fromJavaScript\` + \`serializeBinary\`, as the plugin did before.

${table(["step (cumulative)", "VmHWM rise: today", "VmHWM rise: generated classes", "time: today / classes"], rows)}

What the copies were, and what became of them:

- **Decoding a request with the generated classes** builds a message object for every value of a
  Struct (a Value, its kind, map entries) and \`toJavaScript\` then copies it all into plain values:
  about 55× the wire bytes. Now read with google-protobuf's own \`BinaryReader\` straight into plain
  values (keys sorted, as \`toJavaScript\` gives them).
- **Encoding an answer with the generated classes** went through \`JSON.parse(JSON.stringify(props))\`
  and google-protobuf's writer, which keeps every written byte as an element of a JavaScript array:
  the 14 MB calls text cost hundreds of MB. Now the small fields go through the generated class and
  the Structs are appended as Buffers, a large string copied once.
- **V8's heap policy**: most of what check allocates is short-lived, and by default V8 grows the
  heap before it collects. The plugin's executable sets \`--optimize-for-size\` first thing; in
  this measurement that about halves the rise, for more CPU time in \`lifecycle.check\` (the time
  column; the dynamic door's host is started by Pulumi and keeps V8's default).
- **Revealing secrets** copied the whole props tree; it now copies only what holds a secret.
- **\`canonicalJson\`** runs over every call twice per check (the canonical form, then the calls
  text) and sorted every object's keys: \`sort()\` allocates even for keys already in order, about
  500 MB of garbage per 100,000 calls. It now sorts only keys out of order.
- **Left in the core (\`lifecycle.check\`, the same for both doors)**, measured with V8's sampling heap
  profiler including collected objects at 100,000 calls, about 1 GB allocated in all: the raw-value
  walk of \`check.ts\` (\`rawValueFailures\`: a path array per value, ~260 MB), zod's parse (a copy,
  ~150 MB), \`Object.keys\`/\`Object.values\` walks, the canonical copy and the calls text's three copies
  per call (\`toJsonValue\`, \`canonicalJson\`, \`mapPasswords\`). Most is short-lived garbage; the live
  set at its peak is about 100 MB. Lowering it means changing \`check.ts\` and the calls codec
  together, which another change (the move of \`src/\` into folders) is touching now.
- **The calls-text cache** (\`decodeCalls\`, 4 entries) keeps up to four decoded lists alive and builds
  a key as long as the text on every call (a copy of the text each time it is hashed). Not changed:
  fewer entries trade memory for decoding again, and both doors share it.

**What the dynamic door can and cannot reach.** Its provider process is Pulumi's dynamic-provider
host (\`@pulumi/pulumi/cmd/dynamic-provider\`): it decodes requests and encodes answers with the
generated classes, deserializes \`__provider\` and the props with the SDK's own copies, and no
package can change that. The dynamic door gains only from the core (check, the calls codec,
\`canonicalJson\`: the last is shared), and its program already sends the calls as one string, so the
engine and the host never see a 100,000-value list. The plugin door owns its process end to end.`;
}
