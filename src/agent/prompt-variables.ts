/**
 * Prompt variables: which template variables an agent's call template uses, what its
 * `contextSchema` requires, and the check of one call's `templateContext` against both. Pure (no
 * request, no Pulumi): the provider's preview review and the guardrails policy pack call it alike.
 *
 * Syntax, as the published OpenAPI description calls it: "mustache templates" (`templateContext`:
 * "Context for filling any mustache templates for the call"), with `{{customerName}}` placeholders
 * in Ultravox's examples. Only what a mustache renderer fills from the top of the context counts as
 * a use: `{{name}}`, `{{{name}}}`, `{{& name}}` and dotted paths (`{{customer.firstName}}`).
 * Sections (`{{#x}}...{{/x}}`, `{{^x}}...{{/x}}`) render nothing when their value is missing, and a
 * name inside one may resolve against the section's own value, so neither counts as required:
 * the check reports only what is certain to be spoken wrongly. Comments (`{{! }}`), partials
 * (`{{> }}`) and delimiter changes (`{{= =}}`) use no variable; after a delimiter change the rest
 * is not read (the service's renderer, not this one, is the judge of such a prompt).
 *
 * Messages name paths and JSON Schema keywords, never a value from the context: a templateContext
 * may hold a name or a phone number.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import { z } from "zod";

/**
 * The part of an agent's `ultravox.v1.CallTemplate` the check reads: the spoken fields the OpenAPI
 * `contextSchema` description lists as templates (tools' fields aside), and the schema itself.
 * Other fields pass through.
 */
export const promptTemplateSchema = z.looseObject({
  systemPrompt: z.string().nullish(),
  languageHint: z.string().nullish(),
  timeExceededMessage: z.string().nullish(),
  inactivityMessages: z.array(z.looseObject({ message: z.string().nullish() })).nullish(),
  contextSchema: z.record(z.string(), z.unknown()).nullish(),
});
export type PromptTemplate = z.infer<typeof promptTemplateSchema>;

/** A call template as the check reads it, or undefined when `value` is none (null, not an object). */
export function readPromptTemplate(value: unknown): PromptTemplate | undefined {
  const parsed = promptTemplateSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/** A variable a template uses, and the first template field that uses it. */
export interface UsedVariable {
  /** The dotted path into `templateContext`. */
  name: string;
  /** The template field, as the API names it (`systemPrompt`, `inactivityMessages[0].message`). */
  field: string;
}

/** What every call's `templateContext` must satisfy for one call template. */
export interface PromptRequirements {
  /** Each variable the template's fields use outside any section, once, in order of first use. */
  variables: UsedVariable[];
  /** The compiled contextSchema, when the template has one. */
  validate?: ValidateFunction;
  /** Why the contextSchema cannot be used (not a valid JSON Schema), when it cannot. */
  schemaProblem?: string;
}

const TAG = /\{\{(\{?)([^}]*?)\}?\}\}/g;
const PATH = /^[A-Za-z_$][\w$-]*(\.[A-Za-z_$][\w$-]*)*$/;

/** The variables a mustache template fills from the top of its context (see the file comment). */
export function templateVariables(template: string): string[] {
  const found = new Set<string>();
  let depth = 0;
  for (const match of template.matchAll(TAG)) {
    const triple = match[1] === "{";
    const body = (match[2] ?? "").trim();
    const sigil = triple ? "" : body.charAt(0);
    if (sigil === "=") break;
    if (sigil === "#" || sigil === "^") depth++;
    else if (sigil === "/") depth = Math.max(0, depth - 1);
    else if (sigil === "!" || sigil === ">") continue;
    else if (depth === 0) {
      const name = sigil === "&" ? body.slice(1).trim() : body;
      if (PATH.test(name)) found.add(name);
    }
  }
  return [...found];
}

// One validator instance for the process: the provider compiles one schema per agent change it
// reviews, the policy pack one per declared agent.
const ajv = new Ajv({ allErrors: true, strict: false, logger: false });
addFormats(ajv);

/** The template fields a call speaks, each with its text, in the order the check reads them. */
function templateFields(template: PromptTemplate): Array<[field: string, text: string]> {
  const fields: Array<[string, string | null | undefined]> = [
    ["systemPrompt", template.systemPrompt],
    ["languageHint", template.languageHint],
    ["timeExceededMessage", template.timeExceededMessage],
    ...(template.inactivityMessages ?? []).map((m, i): [string, string | null | undefined] => [
      `inactivityMessages[${i}].message`,
      m.message,
    ]),
  ];
  return fields.filter((entry): entry is [string, string] => typeof entry[1] === "string");
}

/** What a call template requires of every call's `templateContext`. */
export function promptRequirements(template: PromptTemplate): PromptRequirements {
  const variables: UsedVariable[] = [];
  for (const [field, text] of templateFields(template)) {
    for (const name of templateVariables(text))
      if (!variables.some((used) => used.name === name)) variables.push({ name, field });
  }
  const schema = template.contextSchema;
  if (schema === undefined || schema === null) return { variables };
  try {
    return { variables, validate: ajv.compile(schema) };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { variables, schemaProblem: `the agent's contextSchema is not a valid JSON Schema (${why})` };
  }
}

/** The value at a dotted path of a context, undefined when any step is missing (a pending step is kept). */
function valueAt(context: unknown, path: string, pending: IsPending): unknown {
  let value: unknown = context;
  for (const key of path.split(".")) {
    if (pending(value)) return value;
    if (value === null || typeof value !== "object" || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** A JSON Pointer of ajv (`/customer/name`) as the dotted path a user writes. */
function dottedPath(pointer: string): string {
  return pointer
    .split("/")
    .slice(1)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .join(".");
}

/** The dotted path a `required` error says is missing, or undefined for another keyword. */
function missingPath(error: ErrorObject): string | undefined {
  if (error.keyword !== "required") return undefined;
  const missing = (error.params as { missingProperty?: string }).missingProperty ?? "";
  const at = dottedPath(error.instancePath);
  return at === "" ? missing : `${at}.${missing}`;
}

/** One schema violation, naming the path and the rule, never the value. */
function describeSchemaError(error: ErrorObject): string {
  const missing = missingPath(error);
  if (missing !== undefined)
    return `templateContext lacks ${missing}, which the agent's contextSchema requires`;
  const at = dottedPath(error.instancePath);
  const where = at === "" ? "templateContext" : `templateContext.${at}`;
  return `${where} ${error.message ?? `fails the keyword ${error.keyword}`} (contextSchema)`;
}

/**
 * Tells a value not known yet (at preview, one that depends on another resource's output). Such a
 * value counts as present, and a context holding one is not held to the contextSchema yet.
 */
export type IsPending = (value: unknown) => boolean;

/** True when `pending` holds for `value` or anything inside it. */
function holdsPending(value: unknown, pending: IsPending): boolean {
  if (pending(value)) return true;
  if (value === null || typeof value !== "object") return false;
  return Object.values(value).some((item) => holdsPending(item, pending));
}

/**
 * The problems of one call's `templateContext` (absent: no context) against a template's
 * requirements: each variable the systemPrompt uses and the context lacks (missing or null), then
 * each contextSchema violation. Empty when the call is fine, or when its whole context is pending.
 */
export function checkTemplateContext(
  requirements: PromptRequirements,
  templateContext: unknown,
  pending: IsPending = () => false,
): string[] {
  if (pending(templateContext)) return [];
  const problems: string[] = [];
  const lacking = new Set<string>();
  for (const { name, field } of requirements.variables) {
    const value = valueAt(templateContext, name, pending);
    if (value !== undefined && value !== null) continue;
    lacking.add(name);
    problems.push(`templateContext lacks ${name}, which the agent's ${field} uses ({{${name}}})`);
  }
  if (requirements.schemaProblem !== undefined) return [...problems, requirements.schemaProblem];
  const validate = requirements.validate;
  if (validate === undefined || holdsPending(templateContext, pending)) return problems;
  if (validate(templateContext ?? {})) return problems;
  for (const error of validate.errors ?? []) {
    // A variable already reported missing is not reported again for the schema's `required`.
    const missing = missingPath(error);
    if (missing !== undefined && lacking.has(missing)) continue;
    problems.push(describeSchemaError(error));
  }
  return problems;
}

/** How many calls one failure names before it sums up the rest (a list of 5000 stays readable). */
export const MAX_NAMED_CALLS = 20;

/**
 * The failure lines for a list of calls under one template, each naming its call through `nameOf`
 * (`call #3`, or its label), at most MAX_NAMED_CALLS calls named. Empty when every call is fine.
 */
export function checkCallsAgainstTemplate(
  calls: readonly unknown[],
  template: PromptTemplate,
  nameOf: (call: unknown, position: number) => string,
  pending: IsPending = () => false,
): string[] {
  const requirements = promptRequirements(template);
  const lines: string[] = [];
  let unnamed = 0;
  for (const [index, call] of calls.entries()) {
    if (pending(call)) continue;
    const context =
      call !== null && typeof call === "object"
        ? (call as Record<string, unknown>).templateContext
        : undefined;
    const problems = checkTemplateContext(requirements, context, pending);
    if (problems.length === 0) continue;
    if (lines.length < MAX_NAMED_CALLS) lines.push(`${nameOf(call, index + 1)}: ${problems.join("; ")}`);
    else unnamed++;
  }
  if (unnamed > 0) lines.push(`... and ${unnamed} more calls whose templateContext does not fit the agent`);
  return lines;
}
