import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmulatorAdmin } from "../../scripts/lib/emulator-admin";
import { generateSdk } from "../../scripts/lib/plugin-sdk";
import { PulumiProject, pulumiBin, REPO_ROOT } from "../../scripts/lib/pulumi-project";
import { type RunningEmulator, startEmulator } from "../../src/emulator";

/**
 * The package as a user gets it: `npm pack` of this repo, installed from the tarball into a
 * project outside the repo (its own node_modules, one @pulumi/pulumi from the registry), then
 * `pulumi preview` and `pulumi up` there through the language host: with the dynamic resource, and
 * with the plugin through a Node.js SDK generated there, as docs/plugin.md tells a user.
 */

const API_KEY = "e2epackage.abcdefghijklmnopqrstuvwxyz01234";
const OUTGOING_CALL = { medium: { twilio: { outgoing: { to: "+14155550101", from: "+14155550100" } } } };
const npmEnv = {
  ...process.env,
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_update_notifier: "false",
};

let workDir: string;
let tarball: string;
let files: string[];
let manifest: Record<string, unknown>;

beforeAll(() => {
  workDir = fs.mkdtempSync(path.join(os.tmpdir(), "pulumi-ultravox-package-"));
  const packed = JSON.parse(
    execFileSync("npm", ["pack", "--json", "--pack-destination", workDir], {
      cwd: REPO_ROOT,
      env: npmEnv,
      encoding: "utf8",
    }),
  ) as { filename: string; files: { path: string }[] }[];
  tarball = path.join(workDir, packed[0]!.filename);
  files = packed[0]!.files.map((f) => f.path);
  execFileSync("tar", ["-xzf", tarball, "-C", workDir, "package/package.json"]);
  manifest = JSON.parse(fs.readFileSync(path.join(workDir, "package", "package.json"), "utf8"));
}, 120_000);

afterAll(() => {
  fs.rmSync(workDir, { recursive: true, force: true });
});

describe("npm pack", () => {
  it("holds dist with types and its sources, the plugin's executable, the README and the LICENSE, and nothing from test", () => {
    expect(files).toEqual(
      expect.arrayContaining([
        "README.md",
        "LICENSE",
        "package.json",
        "dist/index.js",
        "dist/index.d.ts",
        "dist/provider/batch-lifecycle.js",
        "dist/plugin/main.js",
      ]),
    );
    const besideDist = ["README.md", "LICENSE", "package.json", "bin/pulumi-resource-ultravox"];
    expect(files.filter((f) => !/^(dist|src)\//.test(f) && !besideDist.includes(f))).toEqual([]);
    expect(files).toContain("bin/pulumi-resource-ultravox");
    expect(fs.readFileSync(path.join(REPO_ROOT, "LICENSE"), "utf8")).toMatch(/Apache License\s+Version 2\.0/);
  });

  it("ships its source maps with their sources, and every file a map names", () => {
    const maps = files.filter((f) => f.endsWith(".js.map"));
    expect(maps.length).toBeGreaterThan(0);
    for (const map of maps) {
      const parsed = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, map), "utf8")) as {
        sources: string[];
        sourcesContent?: string[];
      };
      expect(parsed.sourcesContent?.length, map).toBe(parsed.sources.length);
      // A stack trace (the dynamic-provider host prints one for every failure) names these paths:
      // they must be files of the installed package, not node_modules/pulumi-ultravox/src/... missing.
      for (const source of parsed.sources) {
        expect(files, `${map} names ${source}`).toContain(path.posix.join(path.posix.dirname(map), source));
      }
    }
  });

  it("has no install-time scripts and no self-reference in its manifest", () => {
    const scripts = (manifest.scripts ?? {}) as Record<string, string>;
    for (const hook of ["prepare", "preinstall", "install", "postinstall"])
      expect(scripts[hook]).toBeUndefined();
    for (const field of ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"]) {
      expect(Object.keys((manifest[field] ?? {}) as object)).not.toContain("pulumi-ultravox");
    }
  });
});

/**
 * A project outside the repo named `name`: `files` copied from `from`, the quickstart's package.json
 * with this tarball, `npm install`. Returns its directory.
 */
function installedProject(name: string, from: string, files: string[]): string {
  const dir = path.join(workDir, name);
  fs.mkdirSync(dir);
  for (const file of files) fs.copyFileSync(path.join(from, file), path.join(dir, file));
  const pkg = JSON.parse(
    fs.readFileSync(path.join(REPO_ROOT, "examples", "quickstart", "package.json"), "utf8"),
  );
  pkg.dependencies["pulumi-ultravox"] = `file:${tarball}`;
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(pkg, null, 2));
  execFileSync("npm", ["install", "--prefer-offline"], { cwd: dir, env: npmEnv, stdio: "inherit" });
  return dir;
}

describe("installed from the tarball into a project outside the repo", () => {
  let emulator: RunningEmulator;
  let project: PulumiProject;

  beforeAll(async () => {
    const example = path.join(REPO_ROOT, "examples", "quickstart");
    const dir = installedProject("campaign", example, ["Pulumi.yaml", "index.ts", "tsconfig.json"]);
    emulator = await startEmulator({ clock: "manual", apiKeys: [API_KEY] });
    project = new PulumiProject(dir);
    await project.init([
      ["ultravox:apiKey", API_KEY, true],
      ["ultravox:baseUrl", emulator.url],
    ]);
  }, 600_000);

  afterAll(async () => {
    await project?.teardown();
    await emulator?.close();
  });

  it("is a real copy, not a link back to this repo", () => {
    const installed = fs.realpathSync(path.join(project.dir, "node_modules", "pulumi-ultravox"));
    expect(installed.startsWith(REPO_ROOT)).toBe(false);
    expect(fs.existsSync(path.join(project.dir, "node_modules", "@pulumi", "pulumi"))).toBe(true);
  });

  it("its provider plugin runs from the installed package and answers with its schema", () => {
    const plugin = path.join(
      project.dir,
      "node_modules",
      "pulumi-ultravox",
      "bin",
      "pulumi-resource-ultravox",
    );
    const schema = JSON.parse(
      execFileSync(path.join(pulumiBin(), "pulumi"), ["package", "get-schema", plugin], {
        cwd: project.dir,
        env: project.env(),
        encoding: "utf8",
      }),
    ) as { name: string; resources: Record<string, unknown> };
    expect(schema.name).toBe("ultravox");
    expect(Object.keys(schema.resources).sort()).toEqual([
      "ultravox:index:Agent",
      "ultravox:index:CallThrottle",
      "ultravox:index:ScheduledBatch",
    ]);
  });

  it("pulumi preview plans the agent and batch and sends no request; pulumi up creates each with one POST", async () => {
    const admin = new EmulatorAdmin(emulator);
    const previewed = await project.preview();
    expect(previewed.stdout).toMatch(/\+ 3 to create/);
    expect(await admin.journal()).toEqual([]);
    const result = await project.up();
    expect(result.stdout).toMatch(/3 created/);
    // The agent, then the batch under it: the look for an earlier create's batch, the create.
    expect(
      (await admin.journal()).map((e) => `${e.method} ${e.path.replace(/[0-9a-f-]{36}/, "<id>")}`),
    ).toEqual([
      "POST /api/agents",
      "GET /api/agents/<id>/scheduled_batches",
      "POST /api/agents/<id>/scheduled_batches",
    ]);
  });
});

describe("a TypeScript program on the plugin, through an SDK generated in the installed project", () => {
  let emulator: RunningEmulator;
  let project: PulumiProject;

  beforeAll(async () => {
    const program = path.join(REPO_ROOT, "test", "e2e", "doors", "typescript-sdk-project");
    const dir = installedProject("sdk-campaign", program, ["index.ts", "tsconfig.json"]);
    // The door's project file, with the plugin where an installed project has it.
    const projectFile = yaml.load(fs.readFileSync(path.join(program, "Pulumi.yaml"), "utf8")) as {
      plugins: { providers: { path: string }[] };
    };
    projectFile.plugins.providers[0]!.path = "node_modules/pulumi-ultravox/bin";
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), yaml.dump(projectFile));
    emulator = await startEmulator({ clock: "manual", apiKeys: [API_KEY] });
    project = new PulumiProject(dir);
    await generateSdk(project, "nodejs");
    await project.init([
      ["ultravox:apiKey", API_KEY, true],
      ["ultravox:baseUrl", emulator.url],
      ["batch", JSON.stringify({ agentId: "6c8d3c1e-2f4b-4a7e-9b1d-0e5f7a9c3b21", calls: [OUTGOING_CALL] })],
    ]);
  }, 600_000);

  afterAll(async () => {
    await project?.teardown();
    await emulator?.close();
  });

  it("pulumi preview sends no request; pulumi up one POST (after one look); state has no __provider", async () => {
    const admin = new EmulatorAdmin(emulator);
    const previewed = await project.preview();
    expect(previewed.stdout).toMatch(/\+ {1,3}ultravox:index:ScheduledBatch/);
    expect(await admin.journal()).toEqual([]);
    await project.up();
    expect((await admin.journal()).map((e) => e.method)).toEqual(["GET", "POST"]); // the look, the create
    expect(project.stateText()).not.toContain("__provider");
    expect(project.stateText()).not.toContain(API_KEY);
  });
});
