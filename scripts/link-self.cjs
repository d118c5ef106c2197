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
