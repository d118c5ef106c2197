import { execFileSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  type ConfigMap,
  LocalWorkspace,
  PulumiCommand,
  type PulumiFn,
  type Stack,
} from "@pulumi/pulumi/automation";

/**
 * Runs Pulumi programs with the real CLI on a local file backend, offline. Programs run through
 * the Automation API's inline route (the CLI talks to a language server in this process), because
 * the Node.js language host is not available as a Go module here; the engine, the state file and
 * the dynamic-provider host are the real ones.
 */

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
const SCRATCH = path.join(REPO_ROOT, ".tmp");

/** The CLI's install root (holding bin/pulumi): found in the cache or built by scripts/ensure-pulumi. */
export function pulumiRoot(): string {
  const binDir = execFileSync("bash", [path.join(REPO_ROOT, "scripts", "ensure-pulumi")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
  if (!fs.existsSync(path.join(binDir, "pulumi"))) {
    throw new Error(`scripts/ensure-pulumi printed ${binDir}, which holds no pulumi binary`);
  }
  return path.dirname(binDir);
}

export interface LocalStackOptions {
  projectName: string;
  stackName?: string;
  program: PulumiFn;
  config?: ConfigMap;
  /** Extra environment for the CLI and the provider host it starts. */
  env?: Record<string, string>;
}

export interface LocalStack {
  stack: Stack;
  workDir: string;
  /** Where the file backend keeps the state (and so where tests look for plaintext secrets). */
  stateDir: string;
  /** Removes the stack's state and scratch directory (does not destroy resources). */
  dispose(): Promise<void>;
}

let cachedRoot: string | undefined;

export async function localStack(options: LocalStackOptions): Promise<LocalStack> {
  cachedRoot ??= pulumiRoot();
  const stackName = options.stackName ?? "dev";
  // Inside the repo, so the provider host (cwd = workDir) resolves node_modules/pulumi-ultravox.
  const workDir = path.join(
    SCRATCH,
    "stacks",
    `${options.projectName}-${crypto.randomBytes(4).toString("hex")}`,
  );
  const stateDir = path.join(workDir, "state");
  fs.mkdirSync(stateDir, { recursive: true });
  const backend = `file://${stateDir}`;
  const pulumiCommand = await PulumiCommand.get({ root: cachedRoot, skipVersionCheck: true });
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName, projectName: options.projectName, program: options.program },
    {
      workDir,
      pulumiCommand,
      pulumiHome: path.join(SCRATCH, "pulumi-home"),
      projectSettings: { name: options.projectName, runtime: "nodejs", backend: { url: backend } },
      envVars: {
        PULUMI_BACKEND_URL: backend,
        PULUMI_CONFIG_PASSPHRASE: process.env.PULUMI_CONFIG_PASSPHRASE ?? "local-passphrase",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
        // Node 22 from node_modules for the provider host, which the CLI starts through `node`.
        PATH: `${path.join(REPO_ROOT, "node_modules", ".bin")}${path.delimiter}${process.env.PATH ?? ""}`,
        ...options.env,
      },
    },
  );
  if (options.config) await stack.setAllConfig(options.config);
  return {
    stack,
    workDir,
    stateDir,
    dispose: async () => fs.rmSync(workDir, { recursive: true, force: true }),
  };
}

/** The raw text of every state file the backend wrote: what a leaked secret would show up in. */
export function readStateFiles(stateDir: string): string {
  const texts: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".json") || entry.name.endsWith(".bak"))
        texts.push(fs.readFileSync(full, "utf8"));
    }
  };
  walk(stateDir);
  return texts.join("\n");
}
