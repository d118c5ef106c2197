// Rewrites the generated field tables of README.md from the resource definitions.
import * as fs from "node:fs";
import * as path from "node:path";
import { withFieldTables } from "./lib/field-tables";

const readme = path.join(__dirname, "..", "README.md");
fs.writeFileSync(readme, withFieldTables(fs.readFileSync(readme, "utf8")));
