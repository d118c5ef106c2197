/**
 * What the engine stores as a batch's outputs, and the way back: outputs are written flat (the
 * applied inputs, the server's fields, the provider's own flags and `stateVersion`), and decoded
 * with zod, never cast. State from an older representation is migrated on decode; state without
 * `stateVersion` (written before it existed) is version 1. Fields with an engine codec (`calls`) are
 * stored encoded (batch-fields.ts `toEngine`) and decoded before the schemas see them.
 */
import { z } from "zod";
import type { BatchResponse } from "../batch/api-types";
import {
  type BatchArgs,
  chosenByServerFlag,
  filledByServerKey,
  INPUT_FIELD_NAMES,
  type InputField,
  outputOnlyShape,
  SERVER_FILLED_FIELDS,
  type StoredArgs,
  storedArgsShape,
} from "../batch/fields";
import { fromEngine, toEngine } from "./engine-form";
import { formatPath } from "./paths";

type Props = Record<string, unknown>;

/** The representation written today. */
const STATE_VERSION = 3;

/** A batch's stored outputs, decoded. */
export interface StoredBatch {
  /**
   * The inputs in force, with the webhook secret in use (the program's or the server's). After a
   * refresh they hold what the service answered, which may lie outside the program's limits.
   */
  applied: StoredArgs;
  batchId: string;
  /** `<field>ChosenByServer` flags of the table's server-chosen fields. */
  flags: Record<string, boolean>;
  /** What the service held for each field it may fill in and the program leaves out ("" for nothing). */
  filled: Partial<Record<InputField, string>>;
  /** Absent when a create failed after the batch existed but before the service's answer was read. */
  server?: ServerFields;
}

/** Flat outputs as the engine stores them: `calls` as canonical text, SIP passwords in `callSecrets`. */
export type BatchOutputs = Omit<BatchArgs, "calls"> & {
  calls: string;
  callSecrets?: string[];
} & {
  [K in keyof typeof outputOnlyShape]?: z.infer<(typeof outputOnlyShape)[K]>;
};

const serverSchema = z.object({
  created: outputOnlyShape.created,
  totalCount: outputOnlyShape.totalCount,
  completedCount: outputOnlyShape.completedCount,
  endedAt: outputOnlyShape.endedAt,
});

/** What the service last reported about the batch. */
export type ServerFields = z.infer<typeof serverSchema>;

// The service's shape, never the program's limits: state must always decode (batch-fields.ts `stored`).
const storedSchema = z.object({
  ...storedArgsShape,
  batchId: outputOnlyShape.batchId,
  webhookSecretChosenByServer: outputOnlyShape.webhookSecretChosenByServer.optional(),
  ...Object.fromEntries(
    SERVER_FILLED_FIELDS.map((field) => [filledByServerKey(field), z.string().optional()]),
  ),
  stateVersion: z.literal(STATE_VERSION),
});

/** From each older representation to the next. */
const MIGRATIONS: Record<number, (state: Props) => Props> = {
  // 1 -> 2: the same keys; version 2 only adds `stateVersion`.
  1: (state) => ({ ...state, stateVersion: 2 }),
  // 2 -> 3: `calls` was a list with passwords inline (the whole list secret); it becomes canonical
  // text with the passwords in `callSecrets`. Decoding gives the same list, so nothing shows as changed.
  2: (state) => ({ ...toEngine(state), stateVersion: 3 }),
};

/** Pulumi's gRPC Struct cannot hold `undefined`: drop such keys. */
function definedOnly<T extends Props>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Outputs in the form the engine stores them. */
function engineOutputs(outputs: Props): BatchOutputs {
  return toEngine(definedOnly(outputs)) as BatchOutputs;
}

/**
 * Values the service holds always decode (the `stored` shapes); what is left is state damaged by
 * hand or by a foreign tool, which a refresh cannot repair either.
 */
function unreadable(problems: string[]): Error {
  return new Error(
    `The stored state of this ScheduledBatch cannot be read (${problems.join("; ")}). ` +
      "Repair the property named in the state (`pulumi stack export`, edit, `pulumi stack import`), or " +
      "remove the resource from the state (`pulumi state delete <urn>`) and adopt the batch anew with `adoptBatchId`.",
  );
}

/** Decodes stored outputs (with or without `__provider`), migrating older versions. Throws when unreadable. */
export function decodeStoredOutputs(props: Props): StoredBatch {
  let state: Props = Object.fromEntries(Object.entries(props).filter(([key]) => !key.startsWith("__")));
  let version = state.stateVersion ?? 1;
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1) {
    throw new Error(
      `The stored state of this ScheduledBatch has an invalid stateVersion: ${String(version)}`,
    );
  }
  if (version > STATE_VERSION) {
    throw new Error(
      `The stored state of this ScheduledBatch was written by a newer pulumi-ultravox (stateVersion ${version}; ` +
        `this one reads up to ${STATE_VERSION}): upgrade pulumi-ultravox.`,
    );
  }
  for (; version < STATE_VERSION; version++) {
    const migrate = MIGRATIONS[version];
    if (migrate === undefined) throw new Error(`No migration from ScheduledBatch state version ${version}`);
    state = migrate(state);
  }
  const decoded = fromEngine(state);
  if (decoded.failures.length > 0) {
    throw unreadable(decoded.failures.map((f) => `${f.property}: ${f.reason}`));
  }
  state = decoded.props;
  const parsed = storedSchema.safeParse(state);
  if (!parsed.success) {
    throw unreadable(
      parsed.error.issues.map((issue) => `${formatPath(issue.path) || "(top)"}: ${issue.message}`),
    );
  }
  // State recorded by a failed create has no server fields yet; fields that do not read are read
  // again from the service (update sends one GET when it has nothing to PATCH).
  const server = state.created === undefined ? undefined : serverSchema.safeParse(state);
  const { batchId, webhookSecretChosenByServer, stateVersion: _version, ...rest } = parsed.data;
  const filled: StoredBatch["filled"] = {};
  for (const field of SERVER_FILLED_FIELDS) {
    const value = (parsed.data as Props)[filledByServerKey(field)];
    if (typeof value === "string") filled[field] = value;
  }
  // The list as decoded (zod validated it, strictly, and would only hand back a copy): when nothing
  // changed it is the very object the news decode to, so diff compares it at once.
  if (Array.isArray(state.calls)) rest.calls = state.calls as typeof rest.calls;
  // null (a cleared field, as older refreshes may have stored it) is absent.
  const applied = Object.fromEntries(
    INPUT_FIELD_NAMES.filter((field) => rest[field] !== undefined && rest[field] !== null).map((field) => [
      field,
      rest[field],
    ]),
  ) as StoredArgs;
  return {
    applied,
    batchId,
    // State recorded by a failed create may lack the flag: the secret is the server's if the program set none.
    flags: {
      webhookSecretChosenByServer: webhookSecretChosenByServer ?? applied.webhookSecret === undefined,
    },
    filled,
    server: server?.success ? definedOnly(server.data) : undefined,
  };
}

/** Only the agent id, for delete: a batch must stay deletable whatever else its state holds. */
export function decodeAgentId(props: Props): string {
  const parsed = z.object({ agentId: z.string().min(1) }).safeParse(props);
  if (!parsed.success)
    throw new Error("The stored state of this ScheduledBatch has no agentId: cannot delete it.");
  return parsed.data.agentId;
}

/** What the service filled in, per field, as `inputsFromLive` looks it up. */
export function filledByServer(stored: StoredBatch): (field: InputField) => string | undefined {
  return (field) => stored.filled[field];
}

/**
 * `<field>FilledByServer` outputs: for each field the service may fill in that `args` leave out, the
 * value the service answered ("" for nothing); a key missing from the answer keeps the `previous` record.
 */
function filledOutputs(args: Props, batch: Props | undefined, previous?: StoredBatch): Props {
  const out: Props = {};
  for (const field of SERVER_FILLED_FIELDS) {
    if (args[field] !== undefined && args[field] !== null) continue;
    const answered = batch !== undefined && Object.hasOwn(batch, field);
    const live = answered ? batch[field] : undefined;
    out[filledByServerKey(field)] = answered
      ? typeof live === "string"
        ? live
        : ""
      : previous?.filled[field];
  }
  return out;
}

/** True when the table's server-chosen `field` holds the server's choice in `stored`. */
export function chosenByServer(stored: StoredBatch): (field: InputField) => boolean {
  return (field) => stored.flags[chosenByServerFlag(field)] === true;
}

/**
 * Outputs after a create, update or read: the applied inputs, the server's fields and the secret in
 * use. A field the response leaves out keeps its `previous` value.
 */
export function outputsFor(
  args: BatchArgs,
  batch: BatchResponse,
  secretChosenByServer: boolean,
  previous?: StoredBatch,
): BatchOutputs {
  const has = (key: string) => Object.hasOwn(batch, key);
  return engineOutputs({
    ...args,
    batchId: batch.batchId,
    created: batch.created,
    totalCount: batch.totalCount,
    completedCount: batch.completedCount,
    endedAt: has("endedAt") ? (batch.endedAt ?? undefined) : previous?.server?.endedAt,
    webhookSecret: has("webhookSecret")
      ? (batch.webhookSecret ?? args.webhookSecret)
      : (args.webhookSecret ?? previous?.applied.webhookSecret),
    webhookSecretChosenByServer: secretChosenByServer,
    ...filledOutputs(args, batch, previous),
    stateVersion: STATE_VERSION,
  });
}

/** Outputs when nothing was sent: the new inputs with the stored server fields. */
export function outputsUnchanged(
  args: BatchArgs,
  stored: StoredBatch & { server: ServerFields },
): BatchOutputs {
  const secretChosenByServer = args.webhookSecret === undefined;
  return engineOutputs({
    ...args,
    batchId: stored.batchId,
    ...stored.server,
    webhookSecret: args.webhookSecret ?? stored.applied.webhookSecret,
    webhookSecretChosenByServer: secretChosenByServer,
    ...filledOutputs(args, undefined, stored),
    stateVersion: STATE_VERSION,
  });
}

/** What a BatchInitError records for a batch that exists although the operation failed. */
export function partialOutputs(inputs: Props, batchId: string): Props {
  return { ...inputs, batchId, stateVersion: STATE_VERSION };
}
