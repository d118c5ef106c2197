import { execFile } from "node:child_process";
import * as path from "node:path";
import { expect, it } from "vitest";
import { REPO_ROOT } from "../../scripts/lib/pulumi-project";

/**
 * `npm run demo` as a new user runs it (after the build the test suite does): its progress lines
 * must tell one story. The refresh after the first call shows 1 of 3 placed in the stack outputs
 * as well as in state, and the pause stops the campaign at that same count, not ended.
 */

function runDemo(): Promise<{ code: number; output: string }> {
  const tsx = path.join(REPO_ROOT, "node_modules", ".bin", "tsx");
  return new Promise((resolve) => {
    execFile(
      tsx,
      [path.join(REPO_ROOT, "scripts", "demo.ts")],
      { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: "1" }, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

it("the demo's counts agree from refresh to pause: 1 of 3 calls placed, then paused there", async () => {
  const { code, output } = await runDemo();
  expect(code, output).toBe(0);
  const progress = output.match(/^ {4}batch \S+: .*$/gm)?.map((line) => line.replace(/batch \S+:/, "batch:"));
  expect(progress, output).toEqual([
    "    batch: 0/3 calls placed, paused false, endedAt (running)",
    "    batch: 1/3 calls placed, paused false, endedAt (running)",
    "    batch: 1/3 calls placed, paused true, endedAt (running)",
  ]);
  // Pulumi's own output of the refresh shows the same count in the stack outputs.
  const refresh = output.slice(output.indexOf("pulumi refresh --run-program"));
  expect(refresh).toMatch(/completedCount\s*:\s*0 => 1/);
}, 600_000);
