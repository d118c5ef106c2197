import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { REPO_ROOT } from "../lib/pulumi-project";
import { batchArgs } from "./fixtures";

/**
 * The project directories of the both-doors section, written under .tmp/bench-doors/ at run time:
 * each declares `count` resources, through one door, in one language. The batches' arguments are
 * fixed when the projects are written (the window is "a day from now"), so every later run of a
 * program declares the very same batches and a preview is a no-op.
 */

export type DoorKind =
  | "ts-dynamic"
  | "ts-dynamic-control"
  | "ts-plugin"
  | "ts-plugin-control"
  | "ts-plugin-deep-control"
  | "yaml-plugin"
  | "yaml-plugin-control"
  | "yaml-plugin-deep-control";

const PLUGIN_DIR = path.join(REPO_ROOT, "bin");
const CONTROL_PLUGIN_DIR = path.join(REPO_ROOT, "scripts", "bench", "control-plugin");
const BATCH_TYPE = "ultravox:index:ScheduledBatch";
const CONTROL_TYPE = "benchcontrol:index:Thing";

const plugins = (kind: DoorKind) =>
  kind.includes("plugin")
    ? {
        providers: kind.endsWith("control")
          ? [{ name: "benchcontrol", path: CONTROL_PLUGIN_DIR }]
          : [{ name: "ultravox", path: PLUGIN_DIR }],
      }
    : undefined;

/** The Node.js program of a TypeScript-door kind (plain JavaScript: no compile step in the timings). */
function nodeProgram(kind: DoorKind, count: number): string {
  const loop = (line: string) => `for (let i = 0; i < ${count}; i++) ${line}\n`;
  const head = 'const pulumi = require("@pulumi/pulumi");\nconst args = require("./args.json");\n';
  switch (kind) {
    case "ts-dynamic":
      return `${head}const { ScheduledBatch } = require("pulumi-ultravox");\n${loop('new ScheduledBatch("batch-" + i, args);')}`;
    case "ts-plugin":
      // As a generated SDK declares it: a CustomResource of the plugin's type token.
      return `${head}${loop(`new pulumi.CustomResource("${BATCH_TYPE}", "batch-" + i, args);`)}`;
    case "ts-plugin-control":
      return `${head}${loop(`new pulumi.CustomResource("${CONTROL_TYPE}", "control-" + i, { index: i });`)}`;
    case "ts-plugin-deep-control":
      // The trivial plugin's resource holding the batches' very calls: what the typed list costs alone.
      return `${head}${loop(`new pulumi.CustomResource("${CONTROL_TYPE}", "control-" + i, { index: i, calls: args.calls });`)}`;
    default:
      // The same trivial dynamic resource as section 2's control (control-resource.ts).
      return `${head}const provider = {
  create: async (inputs) => ({ id: "control-" + inputs.index, outs: inputs }),
  diff: async () => ({ changes: false }),
};
${loop('new pulumi.dynamic.Resource(provider, "control-" + i, { index: i }, undefined, "bench", "Control");')}`;
  }
}

function yamlResources(kind: DoorKind, count: number, args: { calls: unknown[] }): Record<string, unknown> {
  const resources: Record<string, unknown> = {};
  for (let i = 0; i < count; i++) {
    if (kind === "yaml-plugin") resources[`batch-${i}`] = { type: BATCH_TYPE, properties: args };
    else if (kind === "yaml-plugin-deep-control")
      resources[`control-${i}`] = { type: CONTROL_TYPE, properties: { index: i, calls: args.calls } };
    else resources[`control-${i}`] = { type: CONTROL_TYPE, properties: { index: i } };
  }
  return resources;
}

/** Writes the project of `kind` with `count` resources of `callsPerBatch` calls; returns its directory. */
export function writeDoorProject(kind: DoorKind, count: number, callsPerBatch: number): string {
  const dir = path.join(REPO_ROOT, ".tmp", "bench-doors", kind);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const args = batchArgs(callsPerBatch);
  const name = `bench-doors-${kind}`;
  const project: Record<string, unknown> = { name, description: `bench: ${kind}` };
  if (kind.startsWith("yaml")) {
    Object.assign(project, { runtime: "yaml", plugins: plugins(kind) });
    project.resources = yamlResources(kind, count, args);
  } else {
    Object.assign(project, { runtime: { name: "nodejs", options: { typescript: false } } });
    if (plugins(kind)) project.plugins = plugins(kind);
    fs.writeFileSync(path.join(dir, "index.js"), nodeProgram(kind, count));
    fs.writeFileSync(path.join(dir, "args.json"), JSON.stringify(args));
    fs.writeFileSync(
      path.join(dir, "package.json"),
      JSON.stringify({ name, private: true, main: "index.js" }),
    );
  }
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), yaml.dump(project, { lineWidth: -1, noRefs: true }));
  return dir;
}

/** The program's calls payload per batch (compact JSON), the yardstick of state bytes. */
export function callsPayloadBytes(callsPerBatch: number): number {
  return Buffer.byteLength(JSON.stringify(batchArgs(callsPerBatch).calls));
}
