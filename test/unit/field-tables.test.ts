import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import {
  DEFINITIONS,
  DOCUMENTS,
  inputsTable,
  semanticsTable,
  withFieldTables,
} from "../../scripts/lib/field-tables";
import { batch } from "../../src/batch/definition";
import { defineResource } from "../../src/fields/definition";

/**
 * The docs' field tables (README's inputs, field-semantics.md's semantics) are generated from the
 * field tables: a field added, flagged or described anew shows there, or this fails.
 */

const ROOT = path.join(__dirname, "..", "..");
const read = (document: string) => fs.readFileSync(path.join(ROOT, document), "utf8");

describe("the docs' field tables", () => {
  it.each(DOCUMENTS)(
    "%s holds its tables as generated (run `npm run docs:fields` after changing a table)",
    (doc) => {
      const text = read(doc);
      const emptied = text.replace(/(<!-- fields:\w+:\w+ -->\n)[\s\S]*?(<!-- \/fields -->)/g, "$1$2");
      expect(emptied).not.toBe(text);
      expect(text).toBe(withFieldTables(emptied));
    },
  );

  it("the README has every resource's inputs, field-semantics.md every resource's semantics", () => {
    for (const def of DEFINITIONS) {
      expect(read("README.md")).toContain(`<!-- fields:${def.kind}:inputs -->`);
      expect(read("docs/field-semantics.md")).toContain(`<!-- fields:${def.kind}:semantics -->`);
    }
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

  it("say what a flag means wherever they say it: a batch the service could resume is no longer one-way", () => {
    const { oneWay: _dropped, ...paused } = batch.inputs.paused;
    const resumable = defineResource({ ...batch, inputs: { ...batch.inputs, paused } });
    const pausedRow = (table: string) => table.split("\n").find((row) => row.startsWith("| `paused`"));
    for (const render of [inputsTable, semanticsTable]) {
      expect(pausedRow(render(batch))).toMatch(/one-way/i);
      expect(pausedRow(render(resumable))).not.toMatch(/one-way/i);
    }
  });
});
