import { generateSdk, runtimeOf } from "./plugin-sdk";
import type { PulumiProject } from "./pulumi-project";

/**
 * A Python project (`runtime: python`) set up the way examples/python-campaign's README says: the
 * SDK generated from the provider plugin's schema into `sdk/` (git ignores it), then `pulumi
 * install` making the project's virtualenv from requirements.txt (pip, from PyPI).
 */

/** Whether the project in `dir` is a Python program. */
export function usesPython(dir: string): boolean {
  return runtimeOf(dir) === "python";
}

/** Generates the SDK afresh and installs the virtualenv. */
export async function preparePythonProject(project: PulumiProject): Promise<void> {
  await generateSdk(project, "python");
  // The plugin comes from Pulumi.yaml's `plugins` path; there is nothing to download.
  await project.tool("install", "--no-plugins");
}
