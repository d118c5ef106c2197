/**
 * What a resource does its own way, beside its definition: how it creates (or adopts), its
 * endpoints, when a 404 proves it gone. resource/lifecycle.ts derives everything else.
 */
import type { ApiClient, ClientOptions } from "../http/api-client";
import type { ResourceDefinition } from "./definition";
import { ResourceInitError } from "./init-error";
import { outputsFor, partialOutputs, unsetIn } from "./outputs";
import type { StoredState } from "./stored-state";

type Props = Record<string, unknown>;
type Parents = Record<string, string>;

/** A resource just made: its id and its outputs. */
export interface Created {
  id: string;
  outs: Props;
}

/** A change as diff found it, for a resource's own review at preview (`review`). */
export interface ChangeReview<C extends ApiClient> {
  stored: StoredState;
  /** The stored outputs as the engine holds them (without its `__` keys). */
  outputs: Props;
  /** The new inputs, program form. */
  news: Props;
  /** Fields forcing a replace (a tombstone's re-create: `deletedOutsideAt`). */
  replaces: string[];
  /** Body fields a PATCH would carry. */
  changed: string[];
  /** A client, made only if the review sends a request. */
  client(): C;
}

/** What a resource does its own way; everything else derives from its definition. */
export interface ResourceBehaviour<C extends ApiClient> {
  readonly definition: ResourceDefinition;
  client(options: ClientOptions): C;
  /** Makes (or takes over) the resource for checked `args`; `inputs` as the engine passed them. */
  create(client: C, args: Props, inputs: Props): Promise<Created>;
  get(client: C, parents: Parents, id: string): Promise<object>;
  patch(client: C, parents: Parents, id: string, body: Props): Promise<object>;
  remove(client: C, parents: Parents, id: string): Promise<void>;
  /** Whether `error` proves the resource gone (false: rethrow it); throws when a 404 proves nothing. */
  isGone(client: C, parents: Parents, error: unknown): Promise<boolean>;
  /** True for a resource that must not be deleted now (another resource of this run took it over). */
  keepOnDelete?(id: string): boolean;
  /**
   * Keep a resource a refresh proves gone in state, its outputs marked `deletedOutsideAt`, instead of
   * dropping it: the next `up` shows its re-create as a replace (which `review` may refuse), and
   * refresh and delete send no request for it.
   */
  readonly tombstones?: boolean;
  /**
   * The resource's own judgement of a planned change at preview (never during refresh): throws to
   * fail the preview; returns warnings to show.
   */
  review?(review: ChangeReview<C>): Promise<string[]>;
}

/** Outputs of a resource just created, or an init error that records it (so it is never orphaned). */
export function createdResult(def: ResourceDefinition, args: Props, inputs: Props, live: object): Created {
  const id = (live as Props)[def.identity.id] as string;
  try {
    return { id, outs: outputsFor(def, args, live, unsetIn(args)) };
  } catch (error) {
    throw new ResourceInitError(
      `${def.noun} ${id} was created but ${String(error)}`,
      id,
      partialOutputs(def, inputs, id),
    );
  }
}
