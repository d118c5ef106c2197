import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { afterEach, beforeAll, describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..", "..");
const CLI = join(ROOT, "dist", "emulator", "cli.js");
const SOURCES = join(ROOT, "src", "emulator");

/** Builds when dist/emulator is missing or older than its sources (npm test builds first anyway). */
beforeAll(() => {
  const newestSource = Math.max(...readdirSync(SOURCES).map((file) => statSync(join(SOURCES, file)).mtimeMs));
  if (existsSync(CLI) && statSync(CLI).mtimeMs >= newestSource) return;
  try {
    execFileSync(join(ROOT, "node_modules", ".bin", "tsc"), ["-p", join(ROOT, "tsconfig.json")], {
      stdio: "pipe",
    });
  } catch {
    // Type errors elsewhere in the repo do not stop tsc from emitting; the existence check below decides.
  }
  if (!existsSync(CLI)) throw new Error(`${CLI} was not built; run npm run build`);
}, 120_000);

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill("SIGTERM");
});

function startCli(args: string[]): { child: ChildProcess; lines: () => Promise<string[]> } {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  const lines = (): Promise<string[]> =>
    new Promise((resolve, reject) => {
      const collected: string[] = [];
      const reader = createInterface({ input: child.stdout as NodeJS.ReadableStream });
      reader.on("line", (line) => {
        collected.push(line);
        if (collected.length === 2) {
          reader.close();
          resolve(collected);
        }
      });
      child.once("exit", (code) => reject(new Error(`CLI exited early with ${code}`)));
    });
  return { child, lines };
}

describe("ultravox-emulator CLI", () => {
  it("prints ULTRAVOX_BASE_URL and ULTRAVOX_API_KEY first, serves on that URL, stops on SIGTERM", async () => {
    const { child, lines } = startCli(["--port", "0", "--clock", "manual"]);
    const [urlLine, keyLine] = await lines();
    expect(urlLine).toMatch(/^ULTRAVOX_BASE_URL=http:\/\/127\.0\.0\.1:\d+$/);
    expect(keyLine).toMatch(/^ULTRAVOX_API_KEY=[A-Za-z0-9]{8}\.[A-Za-z0-9]{32}$/);
    const url = (urlLine as string).split("=")[1] as string;
    const key = (keyLine as string).split("=")[1] as string;
    const res = await fetch(`${url}/_emulator/options`, { headers: { "X-API-Key": key } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ clock: "manual", dialRatePerSecond: 1 });
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });

  it("applies flags: api keys, agents, rate limit, faults, policies", async () => {
    const key = "CliKey01.abcdefghijklmnopqrstuvwxyz012345";
    const agent = "0b5f4c1e-6a7d-4c1b-9a55-3f2a9d7c8e01";
    const { lines } = startCli([
      "--port=0",
      `--api-key=${key}`,
      `--agent=${agent}`,
      "--min-window-seconds=120",
      "--dial-rate=2.5",
      "--paused-resume=resume",
      "--patch-calls=replace",
      "--unknown-throttle=accept",
      "--rate-limit=50",
      '--fault={"kind":"status","status":503,"retryAfter":9}',
    ]);
    const [urlLine, keyLine] = await lines();
    expect(keyLine).toBe(`ULTRAVOX_API_KEY=${key}`);
    const url = (urlLine as string).split("=")[1] as string;
    const options = await (await fetch(`${url}/_emulator/options`, { headers: { "X-API-Key": key } })).json();
    expect(options).toEqual({
      minWindowSeconds: 120,
      dialRatePerSecond: 2.5,
      pausedResume: "resume",
      patchCalls: "replace",
      unknownThrottle: "accept",
      agents: [agent],
      clock: "realtime",
      rateLimitPerSecond: 50,
    });
    const faulted = await fetch(`${url}/api/agents/${agent}/scheduled_batches`, {
      headers: { "X-API-Key": key },
    });
    expect(faulted.status).toBe(503);
    expect(faulted.headers.get("retry-after")).toBe("9");
  });

  it("--help prints usage and a bad flag exits with 2", () => {
    const help = execFileSync(process.execPath, [CLI, "--help"], { encoding: "utf8" });
    expect(help).toContain("--state-file");
    let code = 0;
    try {
      execFileSync(process.execPath, [CLI, "--clock", "sundial"], { stdio: "pipe" });
    } catch (error) {
      code = (error as { status: number }).status;
    }
    expect(code).toBe(2);
  });
});
