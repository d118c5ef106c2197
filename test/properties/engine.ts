/**
 * Drives the provider's lifecycle (src/lifecycle.ts) in-process the way the Pulumi engine and the
 * dynamic-provider host do: props cross in engine form (calls as one text string plus
 * `callSecrets`), `__provider` rides along, what the engine stores goes through JSON (gRPC Structs
 * drop `undefined`), and an error carrying an `id` records the resource as the host's
 * ErrorResourceInitFailed does. One `Stack` holds one resource's state.
 */

import { batch } from "../../src/batch/definition";
import { toEngine } from "../../src/fields/engine-form";
import * as lifecycle from "../../src/provider/batch-lifecycle";
import { batchResource } from "../../src/resource/registry";

export type Props = Record<string, unknown>;

const PROVIDER_KEY = "__provider";
const PROVIDER_TEXT = "exports.handler = __f0; /* stand-in for the serialized forwarder */";

/** What the engine holds for one resource. */
export interface ResourceState {
  id: string;
  /** Outputs, with `__provider`. */
  outputs: Props;
  /** Inputs, with `__provider` (check's result, or refresh's `inputs`). */
  inputs: Props;
}

/** The engine's copy of a value: through JSON, as a gRPC Struct would carry it. */
function stored<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

const withProvider = (props: Props): Props => ({ ...props, [PROVIDER_KEY]: PROVIDER_TEXT });

/** A program's inputs as the resource class hands them to the engine (calls encoded). */
export function engineInputs(program: Props): Props {
  return withProvider(stored(toEngine(batch, program)));
}

export class CheckFailed extends Error {
  constructor(readonly failures: { property: string; reason: string }[]) {
    super(failures.map((f) => `${f.property}: ${f.reason}`).join("\n"));
  }
}

/** check as the host runs it; throws CheckFailed when the program is refused. */
export async function check(program: Props, olds: Props = {}): Promise<Props> {
  const result = await lifecycle.check(olds, engineInputs(program));
  if ((result.failures ?? []).length > 0) throw new CheckFailed(result.failures ?? []);
  return withProvider(stored(result.inputs as Props));
}

export interface UpResult {
  /** The state after the step (undefined when nothing was recorded). */
  state: ResourceState | undefined;
  /** Whether diff reported a change (always true for a create). */
  changed: boolean;
  /** The error the step failed with, if any. */
  error?: Error;
}

/** `pulumi up` for one resource: check, then create, or diff and (on a change) update. */
export async function up(program: Props, state?: ResourceState): Promise<UpResult> {
  const news = await check(program, state?.inputs);
  if (state === undefined) {
    try {
      const created = await lifecycle.create(news);
      return {
        state: { id: created.id, outputs: withProvider(stored(created.outs as Props)), inputs: news },
        changed: true,
      };
    } catch (error) {
      return { state: recordedByError(error, news), changed: true, error: asError(error) };
    }
  }
  const diff = await lifecycle.diff(state.id, state.outputs, news);
  if (!diff.changes) return { state: { ...state, inputs: news }, changed: false };
  try {
    const updated = await lifecycle.update(state.id, state.outputs, news);
    return {
      state: { id: state.id, outputs: withProvider(stored(updated.outs as Props)), inputs: news },
      changed: true,
    };
  } catch (error) {
    // A partial failure (an error naming the id) records the outputs it carries with the new inputs.
    return { state: recordedByError(error, news) ?? state, changed: true, error: asError(error) };
  }
}

/** What the engine keeps when a create fails: the resource if the error names its id (init failure). */
function recordedByError(error: unknown, inputs: Props): ResourceState | undefined {
  const { id, properties } = (error ?? {}) as { id?: unknown; properties?: unknown };
  if (typeof id !== "string" || id === "") return undefined;
  const outputs = properties !== null && typeof properties === "object" ? (properties as Props) : {};
  return { id, outputs: withProvider(stored(outputs)), inputs };
}

/** `pulumi refresh` for one resource; undefined when the provider reports it gone. */
export async function refresh(state: ResourceState): Promise<ResourceState | undefined> {
  const result = await lifecycle.read(state.id, state.outputs);
  if (!result.id) return undefined;
  return {
    id: result.id,
    outputs: withProvider(stored(result.props as Props)),
    inputs: result.inputs ? withProvider(stored(result.inputs as Props)) : state.inputs,
  };
}

/** diff of the stored outputs against the stored inputs (no change is expected; it must not fail). */
export async function diffStored(state: ResourceState): Promise<{ changes?: boolean }> {
  return lifecycle.diff(state.id, state.outputs, state.inputs);
}

/** update called directly (as `up` would if diff reported a change), for counting its requests. */
export async function forceUpdate(state: ResourceState, program: Props): Promise<Props> {
  const news = await check(program, state.inputs);
  const updated = await lifecycle.update(state.id, state.outputs, news);
  return withProvider(stored(updated.outs as Props));
}

export async function destroy(state: ResourceState): Promise<void> {
  await lifecycle.delete(state.id, state.outputs);
}

export async function configure(config: Props): Promise<void> {
  await lifecycle.configure({ config: { get: (key: string) => config[key] } } as never);
}

export function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/**
 * `pulumi import` of a batch through the plugin's import (a Read without state): the state the
 * engine records, and the inputs it prints as code (program form) for the user to paste.
 */
export async function importBatchAs(importId: string): Promise<{ state: ResourceState; program: Props }> {
  const imported = await batchResource.importResource(importId, {});
  return {
    state: {
      id: imported.id,
      outputs: withProvider(stored(imported.props)),
      inputs: engineInputs(imported.inputs),
    },
    program: stored(imported.inputs),
  };
}
