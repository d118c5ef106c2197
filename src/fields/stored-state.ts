/**
 * A resource's stored outputs decoded, with zod, never cast. State from an older representation is
 * migrated on decode (the definition's `migrations`); state without `stateVersion` (written before
 * it existed) is version 1. Fields with an engine codec are stored encoded and decoded before the
 * schemas see them. Decoding uses the service's shapes (`stored`), never the program's limits.
 */
import { z } from "zod";
import { formatPath } from "../json/paths";
import { chosenByServerFlag, fieldsWith, filledByServerKey, type ResourceDefinition } from "./definition";
import { fromEngine } from "./engine-form";

type Props = Record<string, unknown>;

/** A resource's stored outputs, decoded. */
export interface StoredState<Applied = Props> {
  /**
   * The inputs in force, with each server-chosen value in use (the program's or the server's).
   * After a refresh they hold what the service answered, which may lie outside the program's limits.
   */
  applied: Applied;
  /** The resource's id (its identity's id output). */
  id: string;
  /** `<field>ChosenByServer` flags of the table's server-chosen fields. */
  flags: Record<string, boolean>;
  /** What the service held for each field it may fill in and the program leaves out ("" for nothing). */
  filled: Record<string, string>;
  /** What the service last reported (its response outputs); absent when a create failed before the answer was read. */
  server?: Props;
}

/** Own keys without the engine's `__provider` and the like. */
export function withoutEngineKeys(props: Props): Props {
  return Object.fromEntries(Object.entries(props).filter(([key]) => !key.startsWith("__")));
}

/** The response outputs besides the id: what the service reports about the resource. */
export function serverOutputNames(def: ResourceDefinition): string[] {
  return def.outputNames.filter(
    (name) => def.outputs[name]?.source === "response" && name !== def.identity.id,
  );
}

function serverSchema(def: ResourceDefinition) {
  return z.object(
    Object.fromEntries(serverOutputNames(def).map((name) => [name, def.outputs[name]?.schema])),
  );
}

function storedSchema(def: ResourceDefinition) {
  const id = def.outputs[def.identity.id]?.schema ?? z.string();
  return z.object({
    ...def.storedShape,
    [def.identity.id]: id,
    ...Object.fromEntries(
      fieldsWith(def, "serverChosen").map((field) => [chosenByServerFlag(field), z.boolean().optional()]),
    ),
    ...Object.fromEntries(
      fieldsWith(def, "serverMayFill").map((field) => [filledByServerKey(field), z.string().optional()]),
    ),
    stateVersion: z.literal(def.stateVersion),
  });
}

/**
 * Values the service holds always decode (the `stored` shapes); what is left is state damaged by
 * hand or by a foreign tool, which a refresh cannot repair either.
 */
function unreadable(def: ResourceDefinition, problems: string[]): Error {
  const adopt = def.inputNames.find((name) => def.inputs[name]?.namesSelf);
  return new Error(
    `The stored state of this ${def.kind} cannot be read (${problems.join("; ")}). ` +
      "Repair the property named in the state (`pulumi stack export`, edit, `pulumi stack import`), or " +
      `remove the resource from the state (\`pulumi state delete <urn>\`)${
        adopt ? ` and adopt the ${def.noun} anew with \`${adopt}\`` : ""
      }.`,
  );
}

/** The state in today's representation (migrated), or an error saying why it cannot be. */
function migrated(def: ResourceDefinition, props: Props): Props {
  let state = withoutEngineKeys(props);
  let version = state.stateVersion ?? 1;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
    throw new Error(`The stored state of this ${def.kind} has an invalid stateVersion: ${String(version)}`);
  }
  if (version > def.stateVersion) {
    throw new Error(
      `The stored state of this ${def.kind} was written by a newer pulumi-ultravox (stateVersion ${version}; ` +
        `this one reads up to ${def.stateVersion}): upgrade pulumi-ultravox.`,
    );
  }
  for (; version < def.stateVersion; version++) {
    const migrate = def.migrations[version];
    if (migrate === undefined) throw new Error(`No migration from ${def.kind} state version ${version}`);
    state = migrate(state);
  }
  return state;
}

/** Decodes stored outputs (with or without `__provider`), migrating older versions. Throws when unreadable. */
export function decodeStoredState(def: ResourceDefinition, props: Props): StoredState {
  const decoded = fromEngine(def, migrated(def, props));
  if (decoded.failures.length > 0) {
    throw unreadable(
      def,
      decoded.failures.map((f) => `${f.property}: ${f.reason}`),
    );
  }
  const state = decoded.props;
  const parsed = storedSchema(def).safeParse(state);
  if (!parsed.success) {
    throw unreadable(
      def,
      parsed.error.issues.map((issue) => `${formatPath(issue.path) || "(top)"}: ${issue.message}`),
    );
  }
  const data = parsed.data as Props;
  // State recorded by a failed create has no server fields yet; fields that do not read are read
  // again from the service (update sends one GET when it has nothing to PATCH).
  const firstServerField = serverOutputNames(def)[0];
  const server =
    firstServerField === undefined || state[firstServerField] === undefined
      ? undefined
      : serverSchema(def).safeParse(state);
  const filled: Record<string, string> = {};
  for (const field of fieldsWith(def, "serverMayFill")) {
    const value = data[filledByServerKey(field)];
    if (typeof value === "string") filled[field] = value;
  }
  const applied: Props = {};
  for (const field of def.inputNames) {
    // The value as decoded when it is a list (zod validated it, and would only hand back a copy):
    // when nothing changed it is the very object the news decode to, so diff compares it at once.
    const value = Array.isArray(state[field]) ? state[field] : data[field];
    // null (a cleared field, as older refreshes may have stored it) is absent.
    if (value !== undefined && value !== null) applied[field] = value;
  }
  const flags: Record<string, boolean> = {};
  for (const field of fieldsWith(def, "serverChosen")) {
    // State recorded by a failed create may lack the flag: the value is the server's if the program set none.
    const flag = data[chosenByServerFlag(field)];
    flags[chosenByServerFlag(field)] = typeof flag === "boolean" ? flag : applied[field] === undefined;
  }
  return {
    applied,
    id: data[def.identity.id] as string,
    flags,
    filled,
    server: server?.success ? definedOnly(server.data) : undefined,
  };
}

/** Pulumi's gRPC Struct cannot hold `undefined`: drop such keys. */
export function definedOnly<T extends Props>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Only the path parents (`agentId`), for delete: a resource must stay deletable whatever else its state holds. */
export function decodeParents(def: ResourceDefinition, props: Props): Record<string, string> {
  const parents: Record<string, string> = {};
  for (const parent of def.identity.parents) {
    const parsed = z.string().min(1).safeParse(props[parent]);
    if (!parsed.success) {
      throw new Error(`The stored state of this ${def.kind} has no ${parent}: cannot delete it.`);
    }
    parents[parent] = parsed.data;
  }
  return parents;
}

/** True when the table's server-chosen `field` holds the server's choice in `stored`. */
export function chosenByServer(stored: StoredState): (field: string) => boolean {
  return (field) => stored.flags[chosenByServerFlag(field)] === true;
}

/** What the service filled in, per field, as `inputsFromLive` looks it up. */
export function filledByServer(stored: StoredState): (field: string) => string | undefined {
  return (field) => stored.filled[field];
}
