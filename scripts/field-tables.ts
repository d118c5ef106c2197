// Rewrites the generated field tables of the docs from the resource definitions.
import * as fs from "node:fs";
import * as path from "node:path";
import { DOCUMENTS, withFieldTables } from "./lib/field-tables";

for (const document of DOCUMENTS) {
  const file = path.join(__dirname, "..", document);
  fs.writeFileSync(file, withFieldTables(fs.readFileSync(file, "utf8")));
}
