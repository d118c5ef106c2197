/**
 * The docs' field tables, generated from the resource definitions (each field's entry: its zod
 * schema and description). README.md holds each between `<!-- fields:<Kind>:inputs -->` and
 * `<!-- /fields -->`; `npm run docs:fields` rewrites them and test/unit/field-tables.test.ts fails
 * when they drift from the tables.
 */
import { z } from "zod";
import { batch } from "../../src/batch/definition";
import type { ResourceDefinition } from "../../src/fields/definition";
import { callThrottle } from "../../src/throttle/definition";

export const DEFINITIONS: readonly ResourceDefinition[] = [batch, callThrottle];

type JsonSchema = { type?: string; format?: string; anyOf?: JsonSchema[]; items?: JsonSchema };

const FORMATS: Record<string, string> = {
  uuid: "uuid",
  "date-time": "ISO 8601 with offset",
  uri: "http(s) URL",
};

function typeOf(schema: JsonSchema, itemName: string): string {
  const options = (schema.anyOf ?? [schema]).filter((option) => option.type !== "null");
  const [only] = options;
  if (only === undefined || options.length > 1) return "any";
  if (only.type === "array") return `list of ${itemName}`;
  return (only.format && FORMATS[only.format]) ?? only.type ?? "any";
}

const cell = (text: string) => text.replace(/\|/g, "\\|");

/** The inputs table of one resource: name, type, required, what it means. */
export function inputsTable(def: ResourceDefinition): string {
  const rows = def.inputNames.map((name) => {
    const spec = def.inputs[name];
    if (spec === undefined) throw new Error(`${def.kind} has no input ${name}`);
    const json = z.toJSONSchema(spec.schema, { io: "input", unrepresentable: "any" }) as JsonSchema;
    const required = !spec.schema.safeParse(undefined).success;
    const type = typeOf(json, `\`${spec.typeName ?? name}\``);
    return [`\`${name}\``, type, required ? "yes" : "", cell(spec.description)];
  });
  return markdownTable(["Input", "Type", "Required", "Meaning"], rows);
}

/** A table with padded columns, as the repository's formatter writes one. */
function markdownTable(head: string[], rows: string[][]): string {
  const widths = head.map((title, i) => Math.max(title.length, 3, ...rows.map((row) => row[i]?.length ?? 0)));
  const line = (cells: string[]) => `| ${cells.map((text, i) => text.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(head), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join("\n");
}

const MARKER = /<!-- fields:(\w+):inputs -->\n[\s\S]*?<!-- \/fields -->/g;

/** `text` with every marked table regenerated. */
export function withFieldTables(text: string): string {
  return text.replace(MARKER, (_whole, kind: string) => {
    const def = DEFINITIONS.find((candidate) => candidate.kind === kind);
    if (def === undefined) throw new Error(`no resource definition named ${kind}`);
    return `<!-- fields:${kind}:inputs -->\n${inputsTable(def)}\n<!-- /fields -->`;
  });
}
