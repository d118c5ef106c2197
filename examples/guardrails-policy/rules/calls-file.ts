/**
 * The calls of a batch that takes them from a file (`callsFile`): the policy reads the very file the
 * provider reads, so calling hours and batch size see every number. The provider's check records
 * the path as the program wrote it (`callsFilePath`, relative to the project directory) and the
 * mapping (`callsFileColumns`): CSV columns onto dotted call paths, `fixed` values for every call;
 * JSON Lines rows are calls as they are.
 *
 * The analyzer runs in the policy pack's directory, not the project's, and is told neither: a
 * relative path is looked up in ULTRAVOX_PROJECT_DIR when set, else in the working directory of
 * the processes that started the analyzer (the `pulumi` command runs in the project directory;
 * Linux /proc), else in the pack's own directory.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "csv-parse/sync";

interface Columns {
  format?: "csv" | "jsonl";
  columns?: Record<string, string>;
  fixed?: Record<string, unknown>;
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

function rowsOf(text: string, format: "csv" | "jsonl", columns: Columns): Record<string, unknown>[] {
  if (format === "jsonl") {
    return text
      .split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  }
  const records = parse(text, { columns: true, trim: true, skip_empty_lines: true }) as Record<
    string,
    string
  >[];
  return records.map((record) => {
    const call: Record<string, unknown> = {};
    for (const [callPath, column] of Object.entries(columns.columns ?? {})) {
      const value = record[column];
      if (value !== undefined && value !== "") setPath(call, callPath, value);
    }
    return call;
  });
}

/** The working directories of this process's ancestors, nearest first (Linux; empty elsewhere). */
function ancestorDirs(): string[] {
  const dirs: string[] = [];
  let pid = process.ppid;
  for (let depth = 0; depth < 4 && pid > 1; depth++) {
    try {
      dirs.push(fs.readlinkSync(`/proc/${pid}/cwd`));
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      pid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
    } catch {
      break;
    }
  }
  return dirs;
}

/** Where a relative calls file is: the first candidate directory that holds it. */
export function projectDirFor(filePath: string): string {
  const candidates = [process.env.ULTRAVOX_PROJECT_DIR, ...ancestorDirs(), process.cwd()];
  const found = candidates.find((dir) => dir !== undefined && fs.existsSync(path.resolve(dir, filePath)));
  return found ?? process.cwd();
}

/** The file's calls, or why they could not be read. `baseDir`: the project directory. */
export function callsOfFile(
  filePath: string,
  mapping: unknown,
  baseDir: string = projectDirFor(filePath),
): unknown[] | { unreadable: string } {
  const columns = (typeof mapping === "object" && mapping !== null ? mapping : {}) as Columns;
  const lower = filePath.toLowerCase();
  const format =
    columns.format ??
    (lower.endsWith(".csv") ? "csv" : /\.(jsonl|ndjson)$/.test(lower) ? "jsonl" : undefined);
  if (format === undefined) return { unreadable: `${filePath}: neither CSV nor JSON Lines` };
  try {
    const rows = rowsOf(fs.readFileSync(path.resolve(baseDir, filePath), "utf8"), format, columns);
    for (const row of rows) {
      for (const [callPath, value] of Object.entries(columns.fixed ?? {})) setPath(row, callPath, value);
    }
    return rows;
  } catch (error) {
    return { unreadable: `${filePath} cannot be read (${(error as Error).message.split("\n")[0]})` };
  }
}
