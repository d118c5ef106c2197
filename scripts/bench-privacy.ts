/**
 * `npm run bench:privacy`: what encrypted calls cost (issue 24: ≤ 10% on the 10k-call no-op
 * preview, compared with plain). For each door (the dynamic resource, the plugin) one batch of
 * BENCH_PRIVACY_CALLS (default 10,000) generated calls, on two stacks of the same project: calls
 * encrypted (the default) and `ultravox:plainCalls: true`. After each stack's `up`, no-op previews
 * alternate between the two stacks (one untimed warm-up each), so both meet the same machine load.
 * Prints a Markdown table for BENCHMARKS.md.
 */
import * as path from "node:path";
import { startEmulator } from "pulumi-ultravox/emulator";
import { API_KEY } from "./bench/fixtures";
import { timed } from "./bench/stacks";
import { type Summary, summarize } from "./bench/stats";
import { EmulatorAdmin } from "./lib/emulator-admin";
import { PulumiProject, REPO_ROOT } from "./lib/pulumi-project";

const CALLS = Number(process.env.BENCH_PRIVACY_CALLS ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const DOORS = [
  { door: "dynamic", project: "batch" },
  { door: "plugin", project: "plugin-batch" },
] as const;

const seconds = (s: Summary) =>
  `${(s.median / 1000).toFixed(2)} s (${(s.min / 1000).toFixed(2)}–${(s.max / 1000).toFixed(2)})`;

async function main(): Promise<void> {
  const emulator = await startEmulator({ unknownThrottle: "accept", clock: "manual", apiKeys: [API_KEY] });
  const admin = new EmulatorAdmin(emulator);
  const rows: string[] = [];
  try {
    for (const { door, project: dir } of DOORS) {
      const stacks = {
        encrypted: new PulumiProject(path.join(REPO_ROOT, "scripts", "bench", "projects", dir)),
        plain: new PulumiProject(path.join(REPO_ROOT, "scripts", "bench", "projects", dir)),
      };
      try {
        for (const [mode, project] of Object.entries(stacks)) {
          await project.init([
            ["ultravox:apiKey", API_KEY, true],
            ["ultravox:baseUrl", emulator.url],
            ["calls", String(CALLS)],
            ["webhookUrl", "https://hooks.example.com/ultravox/a"],
            ...(mode === "plain" ? ([["ultravox:plainCalls", "true"]] as [string, string][]) : []),
          ]);
          const up = await timed(() => project.up());
          process.stderr.write(`${door} ${mode}: up ${Math.round(up.ms)} ms\n`);
        }
        await admin.clearJournal();
        const samples: Record<string, number[]> = { encrypted: [], plain: [] };
        for (let run = 0; run <= RUNS; run++) {
          for (const [mode, project] of Object.entries(stacks)) {
            const { ms } = await timed(() => project.preview("--expect-no-changes"));
            if (run > 0) samples[mode]?.push(ms); // run 0 warms up
          }
        }
        const requests = (await admin.requests()).length;
        const encrypted = summarize(samples.encrypted ?? []);
        const plain = summarize(samples.plain ?? []);
        const ratio = encrypted.median / plain.median;
        rows.push(
          `| ${door} | ${CALLS.toLocaleString("en-US")} | ${seconds(encrypted)} | ${seconds(plain)} | ${ratio.toFixed(2)}× | ${requests} |`,
        );
        process.stderr.write(`${rows.at(-1)}\n`);
      } finally {
        for (const project of Object.values(stacks)) await project.teardown();
      }
    }
  } finally {
    await emulator.close();
  }
  process.stdout.write(
    [
      `No-op preview, ${RUNS} timed runs each after a warm-up, median (min–max), stacks alternating:`,
      "",
      "| door | calls | encrypted (default) | `plainCalls: true` | encrypted ÷ plain | API requests |",
      "| --- | --- | --- | --- | --- | --- |",
      ...rows,
      "",
    ].join("\n"),
  );
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
