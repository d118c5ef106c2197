/**
 * The docs' field tables, generated from the resource definitions (each field's entry: its zod
 * schema, flags and description). README.md and docs/field-semantics.md hold each between
 * `<!-- fields:<Kind>:<inputs|semantics> -->` and `<!-- /fields -->`; `npm run docs:fields` rewrites
 * them and test/unit/field-tables.test.ts fails when they drift from the tables.
 */
import { z } from "zod";
import type { ResourceDefinition } from "../../src/fields/definition";
import { describeInput } from "../../src/fields/field-notes";
import { RESOURCES } from "../../src/resource/registry";

/** Every resource's definition, from the one registry the doors serve. */
export const DEFINITIONS: readonly ResourceDefinition[] = RESOURCES.map(({ definition }) => definition);

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
    return [`\`${name}\``, type, required ? "yes" : "", cell(describeInput(def, spec))];
  });
  return markdownTable(["Input", "Type", "Required", "Meaning"], rows);
}

/** A table with padded columns, as the repository's formatter writes one. */
function markdownTable(head: string[], rows: string[][]): string {
  const widths = head.map((title, i) => Math.max(title.length, 3, ...rows.map((row) => row[i]?.length ?? 0)));
  const line = (cells: string[]) => `| ${cells.map((text, i) => text.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(head), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join("\n");
}

/** What each operation does with one field, said from its flags (docs/field-semantics.md). */
function semantics(def: ResourceDefinition, name: string): string[] {
  const spec = def.inputs[name];
  if (spec === undefined) throw new Error(`${def.kind} has no input ${name}`);
  const noun = def.noun;
  const list =
    spec.schema.safeParse([]).success ||
    z.toJSONSchema(spec.schema, { unrepresentable: "any" }).type === "array";
  const returned = spec.wire === "body" && !spec.writeOnly;
  const cleared = spec.clearable
    ? "removed: PATCH `null`"
    : spec.default !== undefined
      ? `removed: PATCH \`${JSON.stringify(spec.default)}\``
      : "";
  const oneWay = spec.oneWay
    ? `\`${JSON.stringify(spec.oneWay.from)}\` to \`${JSON.stringify(spec.oneWay.to)}\` **fails at preview** (one-way)`
    : "";
  const join = (...parts: string[]) => parts.filter((part) => part !== "").join("; ");
  // A field of the provider's own that is neither sent nor adopts (a batch's `allowRedialOf`).
  const ownOnly = spec.wire === "none" && !spec.namesSelf;
  const create =
    spec.wire === "path"
      ? "in the URL path"
      : ownOnly
        ? "never sent"
        : spec.namesSelf
          ? `adopt this ${noun} instead of POSTing`
          : join(
              list ? "sent whole" : "sent when set",
              spec.serverChosen ? "else the server chooses one" : "",
            );
  const update = spec.replaces
    ? `a change **replaces** the ${noun}, deleting the old one first`
    : ownOnly
      ? "never sent; a change is no change to the service"
      : spec.createOnly
        ? "**create-only**: another value fails at preview; removing it is no change"
        : join(
            list ? "sent whole when any item changed" : "PATCHed when changed",
            spec.instant ? "compared as an instant (`+02:00` vs `Z` is no change)" : "",
            cleared,
            oneWay,
            spec.serverChosen ? "a server-chosen value is never removed" : "",
          );
  const refresh = !returned
    ? "kept (the service does not return it)"
    : join(
        'read from the service (`null` or `""` = not set; a missing key keeps the stored value)',
        spec.instant ? "spelled in UTC" : "",
        spec.default !== undefined
          ? `\`${JSON.stringify(spec.default)}\` stays absent when the program left it out`
          : "",
        spec.serverChosen ? "unless the server chose it" : "",
        spec.serverMayFill ? "a value the service filled in while the program sets none stays out" : "",
      );
  const adoption =
    spec.wire === "path"
      ? `the ${name.replace(/Id$/, "")} the adopted ${noun} must belong to`
      : spec.namesSelf || ownOnly
        ? "—"
        : !returned
          ? "read back where the service lists it; sent when it differs"
          : join(
              "PATCHed to the program's value",
              spec.oneWay ? "a change the service cannot make fails before any PATCH" : "",
            );
  const flags = [spec.secret ? "secret" : "", spec.engine ? "engine codec" : ""].filter(
    (flag) => flag !== "",
  );
  return [
    `\`${name}\`${flags.length > 0 ? ` (${flags.join(", ")})` : ""}`,
    create,
    update,
    refresh,
    adoption,
  ];
}

/** The field semantics of one resource: what create, update, refresh and adoption do with each input. */
export function semanticsTable(def: ResourceDefinition): string {
  const outputs = (source: string) =>
    def.outputNames
      .filter((name) => def.outputs[name]?.source === source)
      .map((name) => `\`${name}\``)
      .join(", ");
  const rows = [
    ...def.inputNames.map((name) => semantics(def, name).map(cell)),
    [
      `outputs: ${outputs("response")}`,
      "from the response",
      "from the response",
      "from the response",
      "from the response",
    ],
    [`outputs: ${outputs("provider")}`, "the provider's own", "", "", ""],
  ];
  return markdownTable(["field", "create", "update", "refresh", "adoption"], rows);
}

const TABLES: Record<string, (def: ResourceDefinition) => string> = {
  inputs: inputsTable,
  semantics: semanticsTable,
};
const MARKER = /<!-- fields:(\w+):(\w+) -->\n[\s\S]*?<!-- \/fields -->/g;

/** `text` with every marked table regenerated. */
export function withFieldTables(text: string): string {
  return text.replace(MARKER, (_whole, kind: string, table: string) => {
    const def = DEFINITIONS.find((candidate) => candidate.kind === kind);
    const render = TABLES[table];
    if (def === undefined || render === undefined) throw new Error(`no table ${table} of ${kind}`);
    return `<!-- fields:${kind}:${table} -->\n${render(def)}\n<!-- /fields -->`;
  });
}

/** The files holding generated tables. */
export const DOCUMENTS = ["README.md", "docs/field-semantics.md"];
