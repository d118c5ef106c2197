/**
 * A resource as a definition, in the manner of pulumi-go-provider's `infer.Resource[R, Args, State]`:
 * its field table (spec.ts), its identity (path parents and the output that is its id), where it
 * lives on the API, and the rules that are its own. Field rules, diff, PATCH and POST bodies, the
 * engine form, stored state, outputs and the service's response schema are functions of one
 * (src/fields/); none of them names a field of a particular resource.
 */
import { z } from "zod";
import type { PlainObject } from "../json/plain-object";
import type { CheckFailure, InputFieldSpec, InputTable, OutputTable } from "./spec";

type Props = Record<string, unknown>;

type SchemaShape<T extends Record<string, { schema: z.ZodType }>> = { [K in keyof T]: T[K]["schema"] };
type StoredShape<I extends InputTable> = { [K in keyof I]: I[K]["stored"] };

/** Canonical program inputs of a table. */
export type ArgsOf<I extends InputTable> = z.infer<z.ZodObject<SchemaShape<I>>>;
/** Inputs as stored state holds them: the program's, or what refresh or adoption read from the service. */
export type StoredArgsOf<I extends InputTable> = z.infer<z.ZodObject<StoredShape<I>>>;
/** Output-only properties of a table, each optional. */
export type OutputsOf<O extends OutputTable> = { [K in keyof O]?: z.infer<O[K]["schema"]> };

/** What a resource declares. */
export interface ResourceSpec<I extends InputTable, O extends OutputTable> {
  /** The resource's type name (`ScheduledBatch`), in messages about its state. */
  readonly kind: string;
  /** What a user calls one (`batch`), in messages. */
  readonly noun: string;
  /** What it is, for a user (the plugin's schema). */
  readonly description: string;
  readonly inputs: I;
  readonly outputs: O;
  /** The inputs that name its parents in the URL path (`agentId`), and the output that is its id. */
  readonly identity: { readonly parents: readonly (keyof I & string)[]; readonly id: keyof O & string };
  /** The collection's path from the API root; a parent appears as `{name}`. */
  readonly collection: readonly string[];
  /** Rules that span fields, run with the schema (zod refinement). */
  readonly crossFieldRules?: (args: unknown, ctx: z.RefinementCtx) => void;
  /** Rules on the canonical inputs that only tighten what a program may ask for (never decoding). */
  readonly checkRules?: (inputs: PlainObject) => CheckFailure[];
  /** Property names inside the fields' values, for "did you mean" hints. */
  readonly nestedNames?: readonly string[];
  /** Keys of maps inside values that are the program's own: no value in them is ever shown. */
  readonly freeFormKeys?: readonly string[];
  /** The representation of stored state written today, and how each older one becomes the next. */
  readonly stateVersion: number;
  readonly migrations: Readonly<Record<number, (state: Props) => Props>>;
}

/** A declared resource with what derives from its table. */
export interface ResourceDefinition<I extends InputTable = InputTable, O extends OutputTable = OutputTable>
  extends ResourceSpec<I, O> {
  readonly inputNames: readonly (keyof I & string)[];
  readonly outputNames: readonly (keyof O & string)[];
  /** Fields the API accepts in a POST or PATCH body. */
  readonly bodyFields: readonly (keyof I & string)[];
  /** Top-level keys kept secret in state: secret fields and their engine codecs' secret keys. */
  readonly secretKeys: readonly string[];
  /** Personal-data fields: secret in state unless the stack opts out (resource/plain-calls.ts). */
  readonly personalKeys: readonly string[];
  /** The program's inputs, with the rules that span fields. */
  readonly argsSchema: z.ZodType<ArgsOf<I>>;
  /** The inputs' shape as stored state may hold them (each field's `stored` schema). */
  readonly storedShape: StoredShape<I>;
}

/** The input names whose spec has `flag` set. */
export function fieldsWith(def: { readonly inputs: InputTable }, flag: keyof InputFieldSpec): string[] {
  return Object.keys(def.inputs).filter((name) => def.inputs[name]?.[flag]);
}

/** Derives what follows from a resource's declaration. */
export function defineResource<I extends InputTable, O extends OutputTable>(
  spec: ResourceSpec<I, O>,
): ResourceDefinition<I, O> {
  const inputNames = Object.keys(spec.inputs) as (keyof I & string)[];
  const schemaShape = Object.fromEntries(inputNames.map((name) => [name, spec.inputs[name]?.schema]));
  const strict = z.strictObject(schemaShape as SchemaShape<I>);
  const rules = spec.crossFieldRules;
  const argsSchema = rules ? strict.check(z.superRefine(rules, { when: () => true })) : strict;
  return {
    ...spec,
    inputNames,
    outputNames: Object.keys(spec.outputs) as (keyof O & string)[],
    bodyFields: inputNames.filter((name) => spec.inputs[name]?.wire === "body"),
    secretKeys: [
      ...fieldsWith(spec, "secret"),
      ...inputNames.flatMap((name) => spec.inputs[name]?.engine?.secretKeys ?? []),
    ],
    personalKeys: fieldsWith(spec, "personal"),
    argsSchema: argsSchema as unknown as z.ZodType<ArgsOf<I>>,
    storedShape: Object.fromEntries(
      inputNames.map((name) => [name, spec.inputs[name]?.stored]),
    ) as StoredShape<I>,
  };
}

/** True for a property path (`calls[2].medium.sip.outgoing.password`) at or below a secret. */
export function isSecretPath(def: ResourceDefinition, path: readonly PropertyKey[]): boolean {
  const [field, ...rest] = path;
  const spec = typeof field === "string" && Object.hasOwn(def.inputs, field) ? def.inputs[field] : undefined;
  if (spec === undefined) return typeof field === "string" && def.secretKeys.includes(field);
  return spec.secret === true || (rest.length > 0 && spec.nestedSecrets?.isSecretPath(rest) === true);
}

/** The stored output recording what the service filled in for a `serverMayFill` field. */
export function filledByServerKey(field: string): string {
  return `${field}FilledByServer`;
}

/** The stored flag telling that a `serverChosen` field's value is the server's choice. */
export function chosenByServerFlag(field: string): string {
  return `${field}ChosenByServer`;
}
