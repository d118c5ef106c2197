import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { REPO_ROOT } from "../../scripts/lib/pulumi-project";

/**
 * A YAML project with no resources yet under `.tmp/`, finding the plugin as examples/yaml-campaign
 * does (through the repo's `node_modules/pulumi-ultravox/bin`). Returns its directory.
 */
export function emptyYamlProject(name: string): string {
  fs.mkdirSync(path.join(REPO_ROOT, ".tmp"), { recursive: true });
  const dir = fs.mkdtempSync(path.join(REPO_ROOT, ".tmp", `${name}-`));
  const project = {
    name: `ultravox-${name}`,
    runtime: "yaml",
    plugins: {
      providers: [{ name: "ultravox", path: path.join(REPO_ROOT, "node_modules", "pulumi-ultravox", "bin") }],
    },
  };
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), yaml.dump(project));
  return dir;
}

/** Rewrites the YAML program in `dir` with `sections` (`resources`, `config`, ...) replacing its own. */
export function setYamlProgram(dir: string, sections: Record<string, unknown>): void {
  const file = path.join(dir, "Pulumi.yaml");
  const program = yaml.load(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  fs.writeFileSync(file, yaml.dump({ ...program, ...sections }));
}
