import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { everyInputArgs } from "../../examples/every-input/args";
import { batch } from "../../src/batch/definition";
import { checkArgs } from "../../src/fields/check";

const REPO = path.join(__dirname, "..", "..");
const EXAMPLES = path.join(REPO, "examples");
interface ProjectFile {
  runtime: string | { name: string };
  plugins?: { providers?: { name: string; path: string }[] };
}
function projectFile(name: string): ProjectFile {
  return yaml.load(fs.readFileSync(path.join(EXAMPLES, name, "Pulumi.yaml"), "utf8")) as ProjectFile;
}
function runtimeOf(name: string): string {
  const { runtime } = projectFile(name);
  return typeof runtime === "string" ? runtime : runtime.name;
}
const allProjects = fs
  .readdirSync(EXAMPLES)
  .filter((name) => fs.existsSync(path.join(EXAMPLES, name, "Pulumi.yaml")));
/** Policy packs: run with `pulumi preview --policy-pack <dir>`, never deployed as programs. */
const policyPacks = fs
  .readdirSync(EXAMPLES)
  .filter((name) => fs.existsSync(path.join(EXAMPLES, name, "PulumiPolicy.yaml")));
/** Folders that are neither: the GitOps workflow (a GitHub Actions file). */
const OTHER_EXAMPLES = ["gitops"];
/** TypeScript programs (the dynamic resource); YAML and Python programs (the provider plugin). */
const projects = allProjects.filter((name) => runtimeOf(name) === "nodejs");
const yamlProjects = allProjects.filter((name) => runtimeOf(name) === "yaml");
const pythonProjects = allProjects.filter((name) => runtimeOf(name) === "python");
const pluginProjects = [...yamlProjects, ...pythonProjects];

/** The examples must be valid batches and real projects, not just type-correct programs. */
describe("examples", () => {
  it("the every-input example (the README's usage example) passes check", () => {
    const result = checkArgs(batch, { ...everyInputArgs("whsec-example", "sip-example") });
    expect(result.failures).toEqual([]);
    expect(result.inputs.windowStart).toBe("2030-01-15T14:00:00Z");
    expect((result.inputs.calls as unknown[]).length).toBe(8);
  });

  it("the README shows the every-input example as it is in the repo", () => {
    const readme = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
    for (const file of ["args.ts", "index.ts"]) {
      expect(readme).toContain(fs.readFileSync(path.join(EXAMPLES, "every-input", file), "utf8").trim());
    }
  });

  it("README's examples table lists every example folder", () => {
    const readme = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
    const listed = [...readme.matchAll(/^\| \[`([a-z0-9-]+)`\]\(examples\/\1\)/gm)].map((match) => match[1]);
    expect(listed.sort()).toEqual([...allProjects, ...policyPacks, ...OTHER_EXAMPLES].sort());
  });

  it.each(projects)(
    "%s is a project of its own: package.json names index.ts, README and tsconfig exist",
    (name) => {
      const pkg = JSON.parse(fs.readFileSync(path.join(EXAMPLES, name, "package.json"), "utf8"));
      expect(pkg.main).toBe("index.ts");
      expect(Object.keys(pkg.dependencies)).toEqual(
        expect.arrayContaining(["@pulumi/pulumi", "pulumi-ultravox"]),
      );
      expect(fs.existsSync(path.join(EXAMPLES, name, pkg.main))).toBe(true);
      expect(fs.existsSync(path.join(EXAMPLES, name, "README.md"))).toBe(true);
      expect(fs.existsSync(path.join(EXAMPLES, name, "tsconfig.json"))).toBe(true);
    },
  );

  it("every folder under examples/ is a Pulumi project, a policy pack, or the GitOps workflow", () => {
    const folders = fs.readdirSync(EXAMPLES, { withFileTypes: true }).filter((entry) => entry.isDirectory());
    expect(policyPacks).toContain("guardrails-policy");
    expect(allProjects.filter((name) => policyPacks.includes(name))).toEqual([]);
    expect(folders.map((entry) => entry.name).sort()).toEqual(
      [...allProjects, ...policyPacks, ...OTHER_EXAMPLES].sort(),
    );
  });

  it.each(policyPacks)(
    "%s is a Node.js policy pack whose dependencies resolve from the repo, at the root's pinned versions",
    (name) => {
      const dir = path.join(EXAMPLES, name);
      expect(fs.readFileSync(path.join(dir, "PulumiPolicy.yaml"), "utf8")).toMatch(/^runtime: nodejs$/m);
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
      expect(fs.existsSync(path.join(dir, pkg.main))).toBe(true);
      expect(fs.existsSync(path.join(dir, "README.md"))).toBe(true);
      const root = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
      const pinned = { ...root.dependencies, ...root.devDependencies };
      for (const [dependency, version] of Object.entries(pkg.dependencies as Record<string, string>)) {
        expect(require.resolve(dependency, { paths: [dir] })).toBe(
          require.resolve(dependency, { paths: [REPO] }),
        );
        if (!String(version).startsWith("^")) expect(pinned[dependency], dependency).toBe(version);
      }
    },
  );

  it.each(projects)(
    "%s loads exactly one copy of @pulumi/pulumi: the repo's, also for pulumi-ultravox",
    (name) => {
      const dir = path.join(EXAMPLES, name);
      const fromProgram = require.resolve("@pulumi/pulumi", { paths: [dir] });
      const library = path.dirname(require.resolve("pulumi-ultravox", { paths: [dir] }));
      expect(fs.realpathSync(library)).toBe(path.join(REPO, "dist"));
      expect(require.resolve("@pulumi/pulumi", { paths: [library] })).toBe(fromProgram);
      expect(fromProgram).toBe(require.resolve("@pulumi/pulumi", { paths: [REPO] }));
    },
  );

  it("every example is a TypeScript, a YAML or a Python project, and at least one is each", () => {
    expect([...projects, ...yamlProjects, ...pythonProjects].sort()).toEqual([...allProjects].sort());
    expect(yamlProjects.length).toBeGreaterThan(0);
    expect(pythonProjects.length).toBeGreaterThan(0);
  });

  it.each(pluginProjects)(
    "%s finds this repo's plugin: its plugins path holds pulumi-resource-ultravox, the repo's bin, executable",
    (name) => {
      const dir = path.join(EXAMPLES, name);
      const providers = projectFile(name).plugins?.providers ?? [];
      expect(providers.map((p) => p.name)).toEqual(["ultravox"]);
      const plugin = path.join(dir, providers[0]!.path, "pulumi-resource-ultravox");
      expect(fs.realpathSync(plugin)).toBe(path.join(REPO, "bin", "pulumi-resource-ultravox"));
      fs.accessSync(plugin, fs.constants.X_OK);
      expect(fs.existsSync(path.join(dir, "README.md"))).toBe(true);
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
      expect(Object.keys(pkg.dependencies)).toEqual(
        expect.arrayContaining(["@pulumi/pulumi", "pulumi-ultravox"]),
      );
    },
  );

  it.each(pythonProjects)(
    "%s is a Python project of its own: a virtualenv from requirements.txt with the pinned pulumi and the generated SDK, both git-ignored",
    (name) => {
      const dir = path.join(EXAMPLES, name);
      const runtime = projectFile(name).runtime as { options?: Record<string, string> };
      expect(runtime.options).toEqual({ toolchain: "pip", virtualenv: "venv" });
      expect(fs.existsSync(path.join(dir, "__main__.py"))).toBe(true);
      const requirements = fs
        .readFileSync(path.join(dir, "requirements.txt"), "utf8")
        .split("\n")
        .filter((line) => line.trim() && !line.startsWith("#"));
      expect(requirements).toEqual(["pulumi==3.272.0", "-e ./sdk/python"]);
      const ignored = fs.readFileSync(path.join(dir, ".gitignore"), "utf8").split("\n");
      expect(ignored).toEqual(expect.arrayContaining(["sdk/", "venv/"]));
      // The README's gen-sdk command reads the plugin from the plugins path Pulumi.yaml names.
      const pluginPath = projectFile(name).plugins!.providers![0]!.path;
      expect(fs.readFileSync(path.join(dir, "README.md"), "utf8")).toContain(
        `pulumi package gen-sdk ${pluginPath}/pulumi-resource-ultravox --language python --out sdk`,
      );
    },
  );
});
