import * as fs from "node:fs";
import * as path from "node:path";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { type LocalStack, localStack } from "../lib/local-stack";
import { API_KEY } from "./fixtures";

/** A stack on the real CLI whose provider config points at the given emulator. */
export function benchStack(projectName: string, program: PulumiFn, emulatorUrl: string): Promise<LocalStack> {
  return localStack({
    projectName,
    program,
    config: {
      "ultravox:apiKey": { value: API_KEY, secret: true },
      "ultravox:baseUrl": { value: emulatorUrl },
    },
  });
}

/** The file the local backend keeps the stack's current state in. */
export function stackStateFile(local: LocalStack, projectName: string, stackName = "dev"): string {
  const file = path.join(local.stateDir, ".pulumi", "stacks", projectName, `${stackName}.json`);
  if (!fs.existsSync(file)) throw new Error(`no state file at ${file}`);
  return file;
}

/** Wall time of an async operation in milliseconds. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}
