import { execFile, execFileSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";

/**
 * Runs plain `pulumi` commands in a Pulumi project directory, as a user types them: the CLI
 * starts the Node.js language host, which runs the project's program with Node 22 from this
 * repo's node_modules, and the dynamic-provider host. Each run gets its own stack (a random name)
 * on a local file backend under .tmp/, so runs never collide and nothing leaves the machine. The
 * stack's config file is the usual Pulumi.<stack>.yaml in the project directory (git ignores it);
 * `dispose` removes it.
 */

export const REPO_ROOT = path.resolve(__dirname, "..", "..");
const SCRATCH = path.join(REPO_ROOT, ".tmp");

/** The language hosts ensure-pulumi builds only when asked (the Node.js one it always provides). */
export type ExtraHost = "yaml" | "python";

const provided = new Set<string>();
let bin: string | undefined;

/**
 * The folder holding `pulumi` and its Node.js language host (found, cached or built), and the
 * YAML or Python host when asked for: a TypeScript project never waits for those to build.
 */
export function pulumiBin(...hosts: ExtraHost[]): string {
  const missing = hosts.filter((host) => !provided.has(host));
  if (bin !== undefined && missing.length === 0) return bin;
  const found = execFileSync("bash", [path.join(REPO_ROOT, "scripts", "ensure-pulumi"), ...missing], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
  const tools = ["pulumi", "pulumi-language-nodejs", ...missing.map((host) => `pulumi-language-${host}`)];
  for (const tool of tools) {
    if (!fs.existsSync(path.join(found, tool))) {
      throw new Error(`scripts/ensure-pulumi printed ${found}, which holds no ${tool}`);
    }
  }
  for (const host of missing) provided.add(host);
  bin = found;
  return bin;
}

/** The extra language host a project directory's runtime needs (`runtime: yaml` or `python`), if any. */
export function hostsFor(dir: string): ExtraHost[] {
  const file = path.join(dir, "Pulumi.yaml");
  if (!fs.existsSync(file)) return [];
  const { runtime } = yaml.load(fs.readFileSync(file, "utf8")) as { runtime?: string | { name?: string } };
  const name = typeof runtime === "string" ? runtime : runtime?.name;
  return name === "yaml" || name === "python" ? [name] : [];
}

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, for messages and for matching. */
  output: string;
}

export class PulumiCommandError extends Error {
  constructor(
    readonly args: string[],
    readonly result: CommandResult,
  ) {
    super(`pulumi ${args.join(" ")} exited with ${result.code}:\n${result.output}`);
  }
}

export interface PulumiProjectOptions {
  /** Stack name; a random one by default so runs never collide. */
  stack?: string;
  /** Extra environment for the CLI, the language host and the provider host. */
  env?: Record<string, string>;
}

export class PulumiProject {
  readonly stack: string;
  /** Where this stack's state lives (the file backend). */
  readonly scratchDir: string;
  readonly stateDir: string;
  /** The stack's config file, Pulumi.<stack>.yaml beside Pulumi.yaml. */
  readonly configFile: string;
  private readonly extraEnv: Record<string, string>;

  constructor(
    readonly dir: string,
    options: PulumiProjectOptions = {},
  ) {
    this.stack = options.stack ?? `t${crypto.randomBytes(4).toString("hex")}`;
    this.scratchDir = path.join(SCRATCH, "projects", `${path.basename(dir)}-${this.stack}`);
    this.stateDir = path.join(this.scratchDir, "state");
    this.configFile = path.join(dir, `Pulumi.${this.stack}.yaml`);
    this.extraEnv = options.env ?? {};
    fs.mkdirSync(this.stateDir, { recursive: true });
  }

  /** The environment a user would have after the README's setup. */
  env(): NodeJS.ProcessEnv {
    const nodeBin = path.join(REPO_ROOT, "node_modules", ".bin");
    return {
      ...process.env,
      PATH: [pulumiBin(...hostsFor(this.dir)), nodeBin, process.env.PATH ?? ""].join(path.delimiter),
      PULUMI_BACKEND_URL: `file://${this.stateDir}`,
      PULUMI_HOME: path.join(SCRATCH, "pulumi-home"),
      PULUMI_CONFIG_PASSPHRASE: "local-passphrase",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
      PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK: "true",
      NO_COLOR: "1",
      ...this.extraEnv,
    };
  }

  /** Runs `pulumi <args>` in the project directory for this stack; never throws. */
  run(args: string[], input?: string): Promise<CommandResult> {
    const full = [...args, "--stack", this.stack, "--non-interactive"];
    return new Promise((resolve) => {
      const child = execFile(
        path.join(pulumiBin(...hostsFor(this.dir)), "pulumi"),
        full,
        { cwd: this.dir, env: this.env(), maxBuffer: 256 * 1024 * 1024, timeout: 10 * 60_000 },
        (error, stdout, stderr) => {
          const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
          resolve({ code, stdout, stderr, output: `${stdout}${stderr}` });
        },
      );
      if (input !== undefined) child.stdin?.end(input);
      else child.stdin?.end();
    });
  }

  /** Runs `pulumi <args>` in the project directory for no stack (`install`, `package gen-sdk`); throws on failure. */
  async tool(...args: string[]): Promise<CommandResult> {
    return new Promise((resolve, reject) => {
      execFile(
        path.join(pulumiBin(...hostsFor(this.dir)), "pulumi"),
        [...args, "--non-interactive"],
        { cwd: this.dir, env: this.env(), maxBuffer: 64 * 1024 * 1024, timeout: 10 * 60_000 },
        (error, stdout, stderr) => {
          const result = { code: error ? 1 : 0, stdout, stderr, output: `${stdout}${stderr}` };
          if (error) reject(new PulumiCommandError(args, result));
          else resolve(result);
        },
      );
    });
  }

  /** Runs `pulumi <args>` and throws with the whole output when it fails. */
  async ok(...args: string[]): Promise<CommandResult> {
    const result = await this.run(args);
    if (result.code !== 0) throw new PulumiCommandError(args, result);
    return result;
  }

  /** `pulumi stack init`, then the given config (`[key, value, secret?]`). */
  async init(config: [string, string, boolean?][] = []): Promise<void> {
    await this.ok("stack", "init");
    for (const [key, value, secret] of config) await this.setConfig(key, value, secret);
  }

  async setConfig(key: string, value: string, secret = false): Promise<void> {
    // The value goes on stdin so it is not on a command line (as a careful user would do it).
    const args = ["config", "set", key, ...(secret ? ["--secret"] : ["--plaintext"])];
    const result = await this.run(args, value);
    if (result.code !== 0) throw new PulumiCommandError(args, result);
  }

  async removeConfig(key: string): Promise<void> {
    await this.ok("config", "rm", key);
  }

  preview(...extra: string[]): Promise<CommandResult> {
    return this.ok("preview", ...extra);
  }

  up(...extra: string[]): Promise<CommandResult> {
    return this.ok("up", "--yes", "--skip-preview", ...extra);
  }

  refresh(...extra: string[]): Promise<CommandResult> {
    return this.ok("refresh", "--yes", "--skip-preview", ...extra);
  }

  destroy(...extra: string[]): Promise<CommandResult> {
    return this.ok("destroy", "--yes", "--skip-preview", ...extra);
  }

  /** Stack outputs, secrets shown (they are the test's own values). */
  async outputs(): Promise<Record<string, unknown>> {
    const result = await this.ok("stack", "output", "--json", "--show-secrets");
    return JSON.parse(result.stdout) as Record<string, unknown>;
  }

  /** The deployment's resources, as `pulumi stack export` prints them. */
  async resources(): Promise<StateResource[]> {
    const result = await this.ok("stack", "export");
    const exported = JSON.parse(result.stdout) as { deployment: { resources?: StateResource[] } };
    return exported.deployment.resources ?? [];
  }

  /** The ScheduledBatch resources in state (the dynamic resource's or the plugin's). */
  async batches(): Promise<StateResource[]> {
    return (await this.resources()).filter((r) => BATCH_TYPES.includes(r.type));
  }

  /** The raw text of every file the backend wrote: where a leaked secret would show. */
  stateText(): string {
    const texts: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else texts.push(fs.readFileSync(full, "utf8"));
      }
    };
    walk(this.stateDir);
    return texts.join("\n");
  }

  /** Destroys what the stack still holds (failures ignored), then deletes its state and config. */
  async teardown(): Promise<void> {
    await this.run(["destroy", "--yes", "--skip-preview"]);
    this.dispose();
  }

  /** Deletes the stack's state and config (resources are not destroyed). */
  dispose(): void {
    fs.rmSync(this.scratchDir, { recursive: true, force: true });
    fs.rmSync(this.configFile, { force: true });
  }
}

/** A ScheduledBatch's type token: through the dynamic resource, and through the provider plugin. */
export const BATCH_TYPES = ["pulumi-nodejs:dynamic/ultravox:ScheduledBatch", "ultravox:index:ScheduledBatch"];

export interface StateResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}
