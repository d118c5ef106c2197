import { execFile, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmulatorAdmin } from "../../scripts/lib/emulator-admin";
import { PulumiProject, REPO_ROOT } from "../../scripts/lib/pulumi-project";
import { type RunningEmulator, startEmulator } from "../../src/emulator";

/**
 * Each example copied out of the repository, as a new user copies it, deployed with ONLY the
 * commands of its README's "Commands" block, run line by line in the copy: `npm install` of the
 * tarball `npm pack` made (put beside the copy, as the README says), then the `pulumi` commands.
 * What the test adds is what a user types besides: the API key for `<key>`, `--yes` where the CLI
 * asks for confirmation, and the emulator's URL in ULTRAVOX_BASE_URL (the README's config table
 * names that fallback). A copied example used to fail at `npm install` (E404: the package is not on
 * the registry), and the YAML and Python ones pointed at `../../node_modules`.
 */

const API_KEY = "e2ecopied.abcdefghijklmnopqrstuvwxyz012345";
const EXAMPLES_DIR = path.join(REPO_ROOT, "examples");
/** What a copy leaves behind: installs, generated SDKs, stack files of runs inside the repo. */
const NOT_COPIED = new Set(["node_modules", "sdk", "sdks", "venv", "__pycache__"]);
const npmEnv = {
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_update_notifier: "false",
};

/** The lines of the README's `## Commands` sh block, comments removed. */
function readmeCommands(example: string): string[] {
  const readme = fs.readFileSync(path.join(EXAMPLES_DIR, example, "README.md"), "utf8");
  const section = readme.slice(readme.indexOf("## Commands"));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
  return block
    .split("\n")
    .map((line) => line.replace(/\s+#.*$/, "").trim())
    .filter((line) => line !== "");
}

/** A command as the user types it at a terminal; the test's shell has none, so confirm and fill in the key. */
function asTyped(line: string): string {
  const typed = line.replace("<key>", API_KEY);
  return /^pulumi (up|refresh|destroy)\b/.test(typed) ? `${typed} --yes` : typed;
}

function shell(
  command: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      "bash",
      ["-c", command],
      { cwd, env, maxBuffer: 64 * 1024 * 1024, timeout: 10 * 60_000 },
      (error, stdout, stderr) => {
        const status = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ status, stdout, stderr });
      },
    );
  });
}

function copyExample(example: string, into: string): string {
  const dir = path.join(into, example);
  fs.cpSync(path.join(EXAMPLES_DIR, example), dir, {
    recursive: true,
    filter: (source) => {
      const name = path.basename(source);
      return !NOT_COPIED.has(name) && !/^Pulumi\..+\.yaml$/.test(name);
    },
  });
  return dir;
}

const withCommands = fs
  .readdirSync(EXAMPLES_DIR)
  .filter((name) => fs.existsSync(path.join(EXAMPLES_DIR, name, "Pulumi.yaml")))
  .filter((name) =>
    fs.readFileSync(path.join(EXAMPLES_DIR, name, "README.md"), "utf8").includes("## Commands"),
  )
  .sort();

/**
 * Commands that need a value from another run (a placeholder other than `<key>`, e.g. the id of a
 * batch another example paused) cannot run on their own: test/e2e/campaign-patterns.e2e.test.ts
 * deploys those examples, with that value made first.
 */
const needsAnotherRun = (name: string) => readmeCommands(name).some((line) => /<(?!key>)[^>]+>/.test(line));
const examples = withCommands.filter((name) => !needsAnotherRun(name));

let workDir: string;
let emulator: RunningEmulator;
let admin: EmulatorAdmin;

beforeAll(async () => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-ultravox-copies-"));
  execFileSync("npm", ["pack", "--pack-destination", workDir], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...npmEnv },
    stdio: "pipe",
  });
  emulator = await startEmulator({ apiKeys: [API_KEY] });
  admin = new EmulatorAdmin(emulator);
}, 300_000);

afterAll(async () => {
  // Two node_modules trees and a virtualenv per example: removing them takes a while on a busy machine.
  if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  await emulator?.close();
}, 300_000);

describe("a copy of each example outside the repository, with only its README's commands", () => {
  it("covers every example that has commands", () => {
    expect(examples).toEqual(
      expect.arrayContaining(["csv-campaign", "python-campaign", "quickstart", "yaml-campaign"]),
    );
    // Only this one needs a batch from another run (a paused batch's id); the patterns e2e deploys it.
    expect(withCommands.filter(needsAnotherRun)).toEqual(["do-not-call-yaml"]);
  });

  it.each(examples)(
    "%s deploys, refreshes and is destroyed",
    async (example) => {
      const dir = copyExample(example, workDir);
      const project = new PulumiProject(dir);
      const env: NodeJS.ProcessEnv = { ...project.env(), ...npmEnv, ULTRAVOX_BASE_URL: emulator.url };
      delete env.PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION; // a user's shell does not set it
      await admin.clearJournal();
      const commands = readmeCommands(example);
      expect(commands[0]).toMatch(/^npm install \.\.\/pulumi-ultravox-0\.1\.0\.tgz$/);
      try {
        for (const line of commands) {
          // Asynchronously: the emulator answers from this process.
          const run = await shell(asTyped(line), dir, env);
          expect(run.status, `${line}\n${run.stdout}${run.stderr}`).toBe(0);
          expect(`${run.stdout}${run.stderr}`, line).not.toContain("get.pulumi.com");
          // Output noise the README's patterns used to cause on every `up`.
          expect(`${run.stdout}${run.stderr}`, line).not.toContain("will not show as a stack output");
        }
        const methods = (await admin.journal()).map((entry) => entry.method);
        expect(methods).toContain("POST");
        expect(methods).toContain("DELETE");
        expect(fs.realpathSync(path.join(dir, "node_modules", "pulumi-ultravox")).startsWith(REPO_ROOT)).toBe(
          false,
        );
      } finally {
        project.dispose();
      }
    },
    900_000,
  );
});
