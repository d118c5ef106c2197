/**
 * Reads a `callsFile` (CSV or JSON Lines) into calls, each with the `file:line` it came from, and
 * validates every call as an inline one is. Failures name `file:line` and the call path, with any
 * phone number masked: a validation error must not print the person it is about.
 */
import * as fs from "node:fs";
import * as nodePath from "node:path";
import { parse } from "csv-parse/sync";
import { callInputSchema } from "../batch/schema";
import { formatPath } from "../json/paths";
import { maskNumber } from "../privacy/masked-number";
import { type CallsFileColumns, formatOf } from "./calls-file-columns";

export interface FileCall {
  /** `contacts.csv:13`: the file's base name and the row's 1-based line. */
  where: string;
  call: Record<string, unknown>;
}

export interface ReadCallsFile {
  calls: FileCall[];
  failures: string[];
}

/** At most this many row failures are listed (a wrong mapping fails every row). */
const MAX_FAILURES = 20;

const NUMBER_LIKE = /\+?\d[\d ().-]{5,}\d/g;

/** A message with every number-like run masked. */
export function maskNumbersIn(text: string): string {
  return text.replace(NUMBER_LIKE, (raw) => maskNumber(raw));
}

function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const keys = dotted.split(".");
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== "object" || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1] as string] = value;
}

/** Rows with the line they start on: CSV (header on line 1) or JSON Lines. */
function rowsOf(
  text: string,
  format: "csv" | "jsonl",
  columns: CallsFileColumns | undefined,
  failures: string[],
  name: string,
): { line: number; call: Record<string, unknown> }[] {
  if (format === "jsonl") {
    const rows: { line: number; call: Record<string, unknown> }[] = [];
    text.split("\n").forEach((raw, i) => {
      if (raw.trim() === "") return;
      try {
        const value: unknown = JSON.parse(raw);
        if (typeof value !== "object" || value === null || Array.isArray(value)) {
          failures.push(`${name}:${i + 1}: must be a JSON object (a call)`);
        } else rows.push({ line: i + 1, call: value as Record<string, unknown> });
      } catch {
        failures.push(`${name}:${i + 1}: is not valid JSON`);
      }
    });
    return rows;
  }
  const records = parse(text, { columns: true, trim: true, skip_empty_lines: true, info: true }) as {
    record: Record<string, string>;
    info: { lines: number };
  }[];
  const mapping = Object.entries(columns?.columns ?? {});
  const header = records[0] ? Object.keys(records[0].record) : [];
  for (const [path, column] of mapping) {
    if (records.length > 0 && !header.includes(column)) {
      failures.push(
        `${name}:1: callsFileColumns.columns.${path} names column "${column}", which the header lacks`,
      );
    }
  }
  return records.map(({ record, info }) => {
    const call: Record<string, unknown> = {};
    for (const [path, column] of mapping) {
      const value = record[column];
      if (value !== undefined && value !== "") setPath(call, path, value);
    }
    return { line: info.lines, call };
  });
}

/**
 * The calls of a file. `baseDir` resolves a relative path (the provider's working directory, which
 * both doors set to the project's directory; docs/plugin.md).
 */
export function readCallsFile(
  path: string,
  columns: CallsFileColumns | undefined,
  baseDir = process.cwd(),
): ReadCallsFile {
  const name = nodePath.basename(path);
  const format = formatOf(path, columns);
  if (format === undefined) {
    return {
      calls: [],
      failures: [
        `${name}: cannot tell CSV from JSON Lines: name it .csv or .jsonl, or set callsFileColumns.format`,
      ],
    };
  }
  let text: string;
  try {
    text = fs.readFileSync(nodePath.resolve(baseDir, path), "utf8");
  } catch (error) {
    return {
      calls: [],
      failures: [`${name}: cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`],
    };
  }
  const failures: string[] = [];
  let rows: { line: number; call: Record<string, unknown> }[];
  try {
    rows = rowsOf(text, format, columns, failures, name);
  } catch (error) {
    return { calls: [], failures: [`${name}: ${maskNumbersIn((error as Error).message)}`] };
  }
  const calls: FileCall[] = [];
  for (const { line, call } of rows) {
    for (const [path, value] of Object.entries(columns?.fixed ?? {})) setPath(call, path, value);
    const parsed = callInputSchema.safeParse(call);
    if (parsed.success) calls.push({ where: `${name}:${line}`, call });
    else {
      for (const issue of parsed.error.issues) {
        failures.push(
          `${name}:${line}: ${formatPath(issue.path as PropertyKey[]) || "call"}: ${maskNumbersIn(issue.message)}`,
        );
      }
    }
  }
  if (rows.length === 0 && failures.length === 0)
    failures.push(`${name}: holds no calls (at least one is needed)`);
  return {
    calls,
    failures:
      failures.length > MAX_FAILURES
        ? [...failures.slice(0, MAX_FAILURES), `... and ${failures.length - MAX_FAILURES} more`]
        : failures,
  };
}
