/**
 * `callsFileColumns`: how the rows of a `callsFile` become calls. CSV rows are mapped column by
 * column onto dotted call paths (`medium.telnyx.outgoing.to: phone`), the way examples/csv-campaign
 * used to map them in the program; JSON Lines rows are call objects as the API names them. `fixed`
 * sets the same value in every call (a caller id, a segment).
 */
import { z } from "zod";

export const callsFileFormatSchema = z.enum(["csv", "jsonl"]);
export type CallsFileFormat = z.infer<typeof callsFileFormatSchema>;

/** A dotted path into a call: `metadata.crmId`, `medium.telnyx.outgoing.to`. */
const callPath = z.string().regex(/^(medium|metadata|templateContext|experimentalSettings)(\.[^.]+)*$/, {
  message:
    "must be a dotted path into a call starting with medium, metadata, templateContext or experimentalSettings",
});

export const callsFileColumnsSchema = z.strictObject({
  /** By the file's extension (`.csv`; `.jsonl` or `.ndjson`) when absent. */
  format: callsFileFormatSchema.optional(),
  /** Call path -> CSV column holding its value (values stay strings). */
  columns: z.record(callPath, z.string().min(1)).optional(),
  /** Call path -> a value every call gets. */
  fixed: z.record(callPath, z.unknown()).optional(),
});
export type CallsFileColumns = z.infer<typeof callsFileColumnsSchema>;

/** The format a file is read in: the mapping's, else its extension's. */
export function formatOf(path: string, columns: CallsFileColumns | undefined): CallsFileFormat | undefined {
  if (columns?.format !== undefined) return columns.format;
  const lower = path.toLowerCase();
  if (lower.endsWith(".csv")) return "csv";
  if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) return "jsonl";
  return undefined;
}
