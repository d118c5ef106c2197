import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pulumiRoot, REPO_ROOT } from "../lib/local-stack";

/** The facts about the machine and the software a reader needs to compare their figures with ours. */
export interface MachineFacts {
  cpuModel: string;
  logicalCores: number;
  memoryGiB: number;
  os: string;
  kernel: string;
  node: string;
  pulumiCli: string;
  pulumiSdk: string;
  commit: string;
  /** True when the working tree had uncommitted changes to tracked files. */
  dirty: boolean;
}

function run(file: string, args: string[]): string {
  try {
    return execFileSync(file, args, {
      encoding: "utf8",
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return "unknown";
  }
}

function osName(): string {
  try {
    const text = fs.readFileSync("/etc/os-release", "utf8");
    const match = /^PRETTY_NAME="?([^"\n]*)"?/m.exec(text);
    if (match?.[1]) return match[1];
  } catch {
    // not Linux, or no os-release: fall back to what Node knows
  }
  return `${os.type()} ${os.release()}`;
}

export function machineFacts(): MachineFacts {
  const sdk = JSON.parse(
    fs.readFileSync(path.join(REPO_ROOT, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8"),
  ) as { version: string };
  return {
    cpuModel: os.cpus()[0]?.model.trim() ?? "unknown",
    logicalCores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: osName(),
    kernel: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    pulumiCli: run(path.join(pulumiRoot(), "bin", "pulumi"), ["version"]),
    pulumiSdk: sdk.version,
    commit: run("git", ["rev-parse", "--short", "HEAD"]),
    dirty: run("git", ["status", "--porcelain", "--untracked-files=no"]) !== "",
  };
}
