// Makes node_modules/pulumi-ultravox a link to this repo, so that programs inside the repo (the
// examples, test projects) and the dynamic-provider host started for them resolve
// `require("pulumi-ultravox")` to this build, with the repo's single copy of @pulumi/pulumi.
// Run by `npm run build`, never on a consumer's install: the published manifest names no
// self-reference and has no install scripts.
const fs = require("node:fs");
const path = require("node:path");

const repo = path.resolve(__dirname, "..");
const link = path.join(repo, "node_modules", "pulumi-ultravox");
fs.mkdirSync(path.dirname(link), { recursive: true });
let current;
try {
  current = fs.realpathSync(link);
} catch {
  current = undefined;
}
if (current !== repo) {
  fs.rmSync(link, { recursive: true, force: true });
  fs.symlinkSync(path.relative(path.dirname(link), repo), link, "dir");
}

// The plugin examples (YAML, Python) name the plugin where a copy of them has it after its own
// install, `node_modules/pulumi-ultravox/bin`, so a copy needs no edit: inside the repo that path
// is this link to the repo.
const examples = path.join(repo, "examples");
for (const name of fs.readdirSync(examples)) {
  const projectFile = path.join(examples, name, "Pulumi.yaml");
  if (!fs.existsSync(projectFile)) continue;
  if (!/^\s+path: node_modules\/pulumi-ultravox\/bin\s*$/m.test(fs.readFileSync(projectFile, "utf8")))
    continue;
  const exampleLink = path.join(examples, name, "node_modules", "pulumi-ultravox");
  fs.mkdirSync(path.dirname(exampleLink), { recursive: true });
  fs.rmSync(exampleLink, { recursive: true, force: true });
  fs.symlinkSync(path.relative(path.dirname(exampleLink), repo), exampleLink, "dir");
}

// The package's own commands (`ultravox-plan`, ...) in node_modules/.bin, as an install of the
// package would put them, so `npx --no-install ultravox-plan` in a project inside the repo finds
// this build.
const bins = require(path.join(repo, "package.json")).bin ?? {};
const binDir = path.join(repo, "node_modules", ".bin");
fs.mkdirSync(binDir, { recursive: true });
for (const [name, target] of Object.entries(bins)) {
  const file = path.join(repo, target);
  const binLink = path.join(binDir, name);
  fs.rmSync(binLink, { force: true });
  fs.symlinkSync(path.relative(binDir, file), binLink);
  if (fs.existsSync(file)) fs.chmodSync(file, 0o755);
}
