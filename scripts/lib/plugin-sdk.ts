import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import type { PulumiProject } from "./pulumi-project";

/**
 * An SDK generated from the provider plugin's own schema into the project's `sdk/` (git ignores it),
 * as docs/plugin.md tells a user: `pulumi package gen-sdk <plugin> --language <language> --out sdk`.
 * The plugin is the one the project's Pulumi.yaml `plugins` path names, so the SDK always matches
 * the plugin the project runs. A Node.js SDK is imported as generated (`./sdk/nodejs`): the schema
 * gives it the plugin's version, and the language host compiles it with the program.
 */

interface ProjectFile {
  runtime: string | { name: string };
  plugins?: { providers?: { name: string; path: string }[] };
}

export function projectFile(dir: string): ProjectFile {
  return yaml.load(fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8")) as ProjectFile;
}

/** The project's runtime name (`nodejs`, `python`, `yaml`). */
export function runtimeOf(dir: string): string {
  const { runtime } = projectFile(dir);
  return typeof runtime === "string" ? runtime : runtime.name;
}

/** Generates the SDK afresh (no stale module survives) into `<project>/sdk/<language>`. */
export async function generateSdk(project: PulumiProject, language: "nodejs" | "python"): Promise<void> {
  const pluginDir = projectFile(project.dir).plugins?.providers?.find((p) => p.name === "ultravox")?.path;
  if (!pluginDir) throw new Error(`${project.dir}/Pulumi.yaml has no plugins path for ultravox`);
  fs.rmSync(path.join(project.dir, "sdk"), { recursive: true, force: true });
  const plugin = path.join(pluginDir, "pulumi-resource-ultravox");
  await project.tool("package", "gen-sdk", plugin, "--language", language, "--out", "sdk");
}
