/**
 * What one field of a resource means to the provider, in the manner of terraform-plugin-framework's
 * plan modifiers and pulumi-go-provider's field tags. A resource's table of these (its definition,
 * definition.ts) is the one place a field is declared; everything in src/fields/ derives from it.
 */
import type { z } from "zod";

type Props = Record<string, unknown>;

/** A problem with the program's inputs, naming the property path as the program writes it. */
export interface CheckFailure {
  property: string;
  reason: string;
}

/** What one program input means to the provider. Flags left out are false. */
export interface InputFieldSpec {
  /** What the field means to a user (README, field-semantics.md, the plugin's schema). */
  readonly description: string;
  /** Its shape as a program may write it (check), with the program's limits. */
  readonly schema: z.ZodType;
  /**
   * Its shape as the service may hold it, which decodes stored state and the service's answers:
   * a value set outside the program (a 70-character name, `""`) must stay readable, to show as
   * drift and be reverted, never to make the state unreadable.
   */
  readonly stored: z.ZodType;
  /** Where it travels: in the URL path, in the POST and PATCH bodies, or nowhere (the provider's own). */
  readonly wire: "path" | "body" | "none";
  /** A change replaces the resource. */
  readonly replaces?: boolean;
  /** Takes effect only when the resource is created; a later change fails at preview. */
  readonly createOnly?: boolean;
  /** Holds the id of the resource itself (adoption), so a later value equal to that id is no change. */
  readonly namesSelf?: boolean;
  /** A UUID: the service's paths take it in lower case, so check writes it so. */
  readonly uuid?: boolean;
  /** `null` clears it on the service: removing it from the program PATCHes `null`. */
  readonly clearable?: boolean;
  /** What absence means (absent and this value compare equal). */
  readonly default?: unknown;
  /** Compared as an instant, not as text: `09:00:00+02:00` equals `07:00:00Z`. */
  readonly instant?: boolean;
  /** The service never returns it: refresh keeps the stored value. */
  readonly writeOnly?: boolean;
  /** The service picks a value when the program sets none; that value is not the program's to remove. */
  readonly serverChosen?: boolean;
  /** The service may fill in a value when a create leaves it out (create-matching does not compare it then). */
  readonly serverMayFill?: boolean;
  /**
   * An object whose keys the program leaves out the service fills in (an agent's default model or
   * voice): refresh reads back only the keys the program set, at every depth, so those never drift.
   */
  readonly serverFillsKeys?: boolean;
  /** Kept secret in state. */
  readonly secret?: boolean;
  /**
   * Personal data (a batch's calls): secret in state unless the stack opts out with
   * `ultravox:plainCalls: true` (resource/plain-calls.ts).
   */
  readonly personal?: boolean;
  /** Secrets inside the value (a call's SIP password), for fields not secret as a whole. */
  readonly nestedSecrets?: NestedSecrets;
  /** A change of value the service cannot make; asking for it fails at preview with `why`. */
  readonly oneWay?: { readonly from: unknown; readonly to: unknown; readonly why: string };
  /** Crosses the engine in another representation than the program's (see EngineCodec). */
  readonly engine?: EngineCodec;
  /** The name of its value's (or list item's) object type in generated SDKs; default: the field's name. */
  readonly typeName?: string;
}

/** Where secrets sit inside one field's value. */
export interface NestedSecrets {
  /** True for a path below the field (`[2, "medium", ...]`; indexes as numbers or digit strings) at or below a secret. */
  isSecretPath(path: readonly PropertyKey[]): boolean;
  /** The secret values inside a program value of the field. */
  values(value: unknown): unknown[];
}

/**
 * How a field travels between the program, the engine and state when its program form is not the
 * best engine form: as one text, with lists of strings beside it (`extraKeys`). The provider works on the program form everywhere; only the boundary with the
 * engine (check's result, stored outputs, read's inputs) encodes, and everything the engine hands
 * over is decoded. Decoding also accepts the program form, so a direct caller and old state work.
 */
export interface EngineCodec {
  /** Engine properties besides the field's own name that it travels as. */
  readonly extraKeys: readonly string[];
  /**
   * Of those, the one holding the number of items (a plain integer): what review may show of a
   * secret value (a batch's `callCount`).
   */
  readonly countKey?: string;
  /** Of those, the ones kept secret in state. */
  readonly secretKeys: readonly string[];
  /**
   * True when the engine form keeps the program form's shape (an agent's template, secrets swapped
   * for placeholder strings); else the field travels as one text (a batch's calls). The plugin's
   * schema types the output so: a typed SDK (Python) checks each output against it.
   */
  readonly keepsShape?: boolean;
  /** What each extra key holds, for a user (the plugin's schema). */
  readonly descriptions: Readonly<Record<string, string>>;
  /** Engine properties for a known program value (the field's own key included); undefined when `value` is already in engine form. */
  encode(value: unknown): Props | undefined;
  /** The program value from engine properties; failures name the property as the program writes it. */
  decode(props: Props): { value: unknown; failures: CheckFailure[] };
}

/** What one output-only property holds. */
export interface OutputFieldSpec {
  readonly description: string;
  readonly schema: z.ZodType;
  /** Copied from the service's response, or the provider's own bookkeeping. */
  readonly source: "response" | "provider";
  /** The service counts this input field's items in it (so a create can be matched by count). */
  readonly counts?: string;
}

export type InputTable = Record<string, InputFieldSpec>;
export type OutputTable = Record<string, OutputFieldSpec>;
