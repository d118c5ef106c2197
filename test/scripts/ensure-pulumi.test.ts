import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterEach, expect, it } from "vitest";
import { hostsFor, REPO_ROOT } from "../../scripts/lib/pulumi-project";

/**
 * scripts/ensure-pulumi builds only the language hosts asked for. The demo (a TypeScript project)
 * used to wait about 3.5 minutes for the YAML and Python hosts it never runs. Here the cache holds
 * the CLI and the Node.js host (links to the real ones), and `go` on PATH is a stand-in that
 * records each call and fails: any build shows.
 */

const scratch: string[] = [];
afterEach(() => {
  for (const dir of scratch.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function cacheWithCliOnly(): { cache: string; bin: string; goCalls: string; env: NodeJS.ProcessEnv } {
  const real = execFileSync("bash", [path.join(REPO_ROOT, "scripts", "ensure-pulumi")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), "ensure-pulumi-"));
  scratch.push(cache);
  const version = path.basename(path.dirname(real)); // pulumi-v<version>
  const bin = path.join(cache, version, "bin");
  fs.mkdirSync(bin, { recursive: true });
  for (const tool of ["pulumi", "pulumi-language-nodejs"]) {
    fs.symlinkSync(fs.realpathSync(path.join(real, tool)), path.join(bin, tool));
  }
  const fakeBin = path.join(cache, "fake-bin");
  fs.mkdirSync(fakeBin);
  const goCalls = path.join(cache, "go-calls");
  fs.writeFileSync(path.join(fakeBin, "go"), `#!/bin/sh\necho "$*" >> "${goCalls}"\nexit 1\n`, {
    mode: 0o755,
  });
  const env = {
    ...process.env,
    PULUMI_ULTRAVOX_CACHE: cache,
    // No other pulumi or language host on PATH: only the cache and the stand-in go.
    PATH: [fakeBin, path.dirname(process.execPath), "/usr/bin", "/bin"].join(path.delimiter),
  };
  return { cache, bin, goCalls, env };
}

it("with no host asked for, provides the CLI and the Node.js host and builds nothing", () => {
  const { bin, goCalls, env } = cacheWithCliOnly();
  const run = spawnSync("bash", [path.join(REPO_ROOT, "scripts", "ensure-pulumi")], {
    env,
    encoding: "utf8",
  });
  expect(run.status, run.stderr).toBe(0);
  expect(run.stdout.trim()).toBe(bin);
  expect(fs.existsSync(goCalls), "go was called").toBe(false);
  expect(fs.existsSync(path.join(bin, "pulumi-language-yaml"))).toBe(false);
  expect(fs.existsSync(path.join(bin, "pulumi-language-python"))).toBe(false);
}, 120_000);

it("asked for the YAML host, builds it (here: tries to, with the stand-in go)", () => {
  const { goCalls, env } = cacheWithCliOnly();
  const run = spawnSync("bash", [path.join(REPO_ROOT, "scripts", "ensure-pulumi"), "yaml"], {
    env,
    encoding: "utf8",
  });
  expect(run.status).not.toBe(0);
  expect(run.stderr).toContain("building pulumi-language-yaml");
  expect(fs.readFileSync(goCalls, "utf8")).toContain("pulumi-language-yaml");
}, 120_000);

it("an unknown host name fails saying the usage", () => {
  const { env } = cacheWithCliOnly();
  const run = spawnSync("bash", [path.join(REPO_ROOT, "scripts", "ensure-pulumi"), "ruby"], {
    env,
    encoding: "utf8",
  });
  expect(run.status).not.toBe(0);
  expect(run.stderr).toContain("Usage: ensure-pulumi [yaml] [python] [all]");
}, 120_000);

it("the harness asks for the host of each project's runtime, and none for a TypeScript one", () => {
  expect(hostsFor(path.join(REPO_ROOT, "examples", "quickstart"))).toEqual([]);
  expect(hostsFor(path.join(REPO_ROOT, "examples", "yaml-campaign"))).toEqual(["yaml"]);
  expect(hostsFor(path.join(REPO_ROOT, "examples", "python-campaign"))).toEqual(["python"]);
});
