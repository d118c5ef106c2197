import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../lib/pulumi-project";

/**
 * Where the plugin's memory goes for one batch of many calls: the plugin's work on the engine's
 * Check and Diff requests (bytes as the engine sends them), step by step in a fresh process
 * (plugin-copies-child.ts), once with today's code and once with the generated protocol classes it
 * used before. Each step's figure is how far the process's VmHWM has risen since the bytes were
 * read; the kernel counts garbage V8 has not collected yet too, as it does for the real plugin.
 */

export interface CopiesStep {
  step: string;
  plain: { riseBytes: number; ms: number };
  classes: { riseBytes: number; ms: number };
}

export interface CopiesResult {
  calls: number;
  checkRequestBytes: number;
  steps: CopiesStep[];
}

const CHILD = path.join(__dirname, "plugin-copies-child.ts");

function child(mode: string, dir: string, calls: number): { step: string; riseBytes: number; ms: number }[] {
  const out = execFileSync(
    process.execPath,
    ["--expose-gc", "--require", "tsx/cjs", CHILD, mode, dir, String(calls)],
    { cwd: REPO_ROOT, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 },
  );
  return out
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line));
}

export function measurePluginCopies(calls: number, log: (m: string) => void): CopiesResult {
  const dir = path.join(REPO_ROOT, ".tmp", "bench-copies");
  fs.mkdirSync(dir, { recursive: true });
  try {
    child("setup", dir, calls);
    const plain = child("plain", dir, calls);
    log(
      `  today's plugin: ${plain.map((s) => `${s.step} +${Math.round(s.riseBytes / 1048576)} MB`).join(", ")}`,
    );
    const classes = child("classes", dir, calls);
    log(`  generated classes: ${classes.map((s) => `+${Math.round(s.riseBytes / 1048576)} MB`).join(", ")}`);
    return {
      calls,
      checkRequestBytes: fs.statSync(path.join(dir, "check.bin")).size,
      steps: plain.map((p, i) => {
        const c = classes[i];
        if (!c || c.step !== p.step) throw new Error("plugin copies: the two runs took different steps");
        return {
          step: p.step,
          plain: { riseBytes: p.riseBytes, ms: p.ms },
          classes: { riseBytes: c.riseBytes, ms: c.ms },
        };
      }),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
