import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import type { PulumiProject } from "./pulumi-project";

/**
 * A Python project (`runtime: python`) set up the way examples/python-campaign's README says: the
 * SDK generated from the provider plugin's schema into `sdk/` (git ignores it), then `pulumi
 * install` making the project's virtualenv from requirements.txt (pip, from PyPI).
 */

/** Whether the project in `dir` is a Python program. */
export function usesPython(dir: string): boolean {
  const { runtime } = projectFile(dir);
  return (typeof runtime === "string" ? runtime : runtime.name) === "python";
}

interface ProjectFile {
  runtime: string | { name: string };
  plugins?: { providers?: { name: string; path: string }[] };
}

function projectFile(dir: string): ProjectFile {
  return yaml.load(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as ProjectFile;
}

/** Generates the SDK afresh (no stale module survives) and installs the virtualenv. */
export async function preparePythonProject(project: PulumiProject): Promise<void> {
  const pluginDir = projectFile(project.dir).plugins?.providers?.find((p) => p.name === "ultravox")?.path;
  if (!pluginDir) throw new Error(`${project.dir}/Pulumi.yaml has no plugins path for ultravox`);
  fs.rmSync(path.join(project.dir, "sdk"), { recursive: true, force: true });
  const plugin = path.join(pluginDir, "pulumi-resource-ultravox");
  await project.tool("package", "gen-sdk", plugin, "--language", "python", "--out", "sdk");
  // The plugin comes from Pulumi.yaml's `plugins` path; there is nothing to download.
  await project.tool("install", "--no-plugins");
}
