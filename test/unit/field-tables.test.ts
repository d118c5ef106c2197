import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFINITIONS, inputsTable, withFieldTables } from "../../scripts/lib/field-tables";

/** The README's inputs tables are generated from the field tables: a field added or described anew shows there. */

const README = path.join(__dirname, "..", "..", "README.md");

describe("the README's field tables", () => {
  it("hold every resource's inputs table, as generated (run `npm run docs:fields` after changing a table)", () => {
    const text = fs.readFileSync(README, "utf8");
    for (const def of DEFINITIONS) expect(text).toContain(`<!-- fields:${def.kind}:inputs -->`);
    expect(text).toBe(
      withFieldTables(text.replace(/(<!-- fields:\w+:inputs -->\n)[\s\S]*?(<!-- \/fields -->)/g, "$1$2")),
    );
  });

  it("lists each input with its type, requiredness and the description of its entry", () => {
    const table = inputsTable(DEFINITIONS[1]!);
    const rows = table.split("\n").map((row) => row.split("|").map((part) => part.trim()));
    expect(rows.map((row) => row.slice(1, 4))).toEqual([
      ["Input", "Type", "Required"],
      [expect.stringMatching(/^-+$/), expect.stringMatching(/^-+$/), expect.stringMatching(/^-+$/)],
      ["`name`", "string", "yes"],
      ["`rules`", "list of `CallThrottleRule`", "yes"],
      ["`adoptThrottleId`", "uuid", ""],
    ]);
    expect(rows[2]?.[4]).toMatch(/^The throttle's name, unique in the account/);
  });
});
