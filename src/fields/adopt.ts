/**
 * Adoption for any resource: a create that takes over one that exists (its `namesSelf` input, such
 * as `adoptBatchId`, or what an earlier unfinished create made) instead of POSTing a new one. One
 * GET, then at most one PATCH carrying the fields where the live resource differs from the program.
 * As in any update, the program is the truth: a field it leaves out is cleared. What a resource
 * reads beside its GET (a batch's calls, write-only on the batch) comes from its `readBack` hook.
 */
import type { ApiClient } from "../http/api-client";
import { AppliedButUnreadError } from "./applied-unread";
import type { Created, ResourceBehaviour } from "./behaviour";
import type { Claims } from "./claims";
import type { ResourceDefinition } from "./definition";
import { patchBody } from "./diff";
import { inputsFromLive, transitionFailures } from "./field-rules";
import { ResourceInitError } from "./init-error";
import { outputsFor, unsetIn } from "./outputs";
import { decodeStoredState } from "./stored-state";

type Props = Record<string, unknown>;
type Parents = Record<string, string>;

/** What an adoption needs beside the resource's behaviour. */
export interface Adoption<C extends ApiClient> {
  /** This run's claims on the resource's ids: one resource per id. */
  readonly claims: Claims;
  /**
   * Inputs the GET does not show, read from the service and put in the program's form (a batch's
   * calls, from their own listing); merged over the program's before comparing.
   */
  readBack?(client: C, parents: Parents, id: string, args: Props): Promise<Props>;
}

/** The path parents of a resource among its checked args. */
export function parentsOf(def: ResourceDefinition, args: Props): Parents {
  return Object.fromEntries(def.identity.parents.map((parent) => [parent, String(args[parent])]));
}

/** The input that names an existing resource to adopt (`adoptBatchId`), for messages. */
export function adoptInputOf(def: ResourceDefinition): string {
  return def.inputNames.find((name) => def.inputs[name]?.namesSelf) ?? def.identity.id;
}

/** Where the resource lives, for messages: ` under agent <id>` for a resource under an agent. */
function whereIn(parents: Parents): string {
  return Object.entries(parents)
    .map(([name, id]) => ` under ${name.replace(/Id$/, "")} ${id}`)
    .join("");
}

/**
 * Take over `id` (the program's `adoptBatchId` or the like): claim it for this resource, then
 * bring it in line with the program. The claim is recorded as an adoption once the engine will
 * record the resource, so the delete of a resource it moved from leaves it alone.
 */
export async function adoptExisting<C extends ApiClient>(
  behaviour: ResourceBehaviour<C>,
  adoption: Adoption<C>,
  client: C,
  args: Props,
  inputs: Props,
  id: string,
): Promise<Created> {
  const def = behaviour.definition;
  const input = adoptInputOf(def);
  // One resource per id per run: two resources adopting one would each delete it on delete.
  if (!adoption.claims.claim(id)) {
    throw new Error(
      `${input}: ${def.noun} ${id} is already managed by another resource of this stack (created, found ` +
        `or adopted in this run); a ${def.noun} can belong to one resource only. Remove \`${input}\` from one of them.`,
    );
  }
  return takeOverClaimed(behaviour, adoption, client, args, inputs, id, `${input}:`);
}

/**
 * The GET, the read-back and at most one PATCH of an adoption whose id this resource has claimed
 * (by `adoptExisting`, or by finding what an earlier create of it made). `label` opens messages.
 */
export async function takeOverClaimed<C extends ApiClient>(
  behaviour: ResourceBehaviour<C>,
  adoption: Adoption<C>,
  client: C,
  args: Props,
  inputs: Props,
  id: string,
  label: string,
): Promise<Created> {
  try {
    const result = await takeOver(behaviour, adoption, client, args, inputs, id, label);
    adoption.claims.recordAdoption(id);
    return result;
  } catch (error) {
    if (error instanceof ResourceInitError) adoption.claims.recordAdoption(id); // the engine records it all the same
    throw error;
  }
}

async function takeOver<C extends ApiClient>(
  behaviour: ResourceBehaviour<C>,
  adoption: Adoption<C>,
  client: C,
  args: Props,
  inputs: Props,
  id: string,
  label: string,
): Promise<Created> {
  const def = behaviour.definition;
  const parents = parentsOf(def, args);
  let live: object;
  try {
    live = await behaviour.get(client, parents, id);
  } catch (error) {
    if (await behaviour.isGone(client, parents, error)) {
      throw new Error(`${label} ${def.noun} ${id} does not exist${whereIn(parents)}.`);
    }
    throw error;
  }
  const readBack = (await adoption.readBack?.(client, parents, id, args)) ?? {};
  // A server-chosen value (a webhook secret) the program leaves out stays the server's choice.
  const chosen = unsetIn(args);
  // The live resource as if it had been applied. Nothing counts as filled in by the service here:
  // what the program leaves out is cleared, and a key the answer leaves out has no value.
  const liveArgs = inputsFromLive(
    def,
    { ...args, ...readBack },
    live,
    () => false,
    () => "",
    "unset",
  );
  const current = outputsFor(def, liveArgs, live, chosen);
  const stored = decodeStoredState(def, current);
  // A change the service refuses (un-pausing a batch): say so instead of sending a PATCH that must fail.
  const impossible = transitionFailures(def, stored.applied, args, id);
  if (impossible.length > 0) {
    throw new Error(
      `${label} cannot adopt ${def.noun} ${id} as declared: ${impossible.map((f) => `${f.property}: ${f.reason}`).join("; ")}`,
    );
  }
  const body = patchBody(def, stored, args);
  if (Object.keys(body).length === 0) return { id, outs: outputsFor(def, args, live, chosen) };
  try {
    const patched = await behaviour.patch(client, parents, id, body);
    return { id, outs: outputsFor(def, args, patched, chosen) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Applied for sure but not read back: record the program's values, so nothing is sent again.
    if (error instanceof AppliedButUnreadError) {
      throw new ResourceInitError(`${label} adopted ${def.noun} ${id}; ${message}`, id, {
        ...outputsFor(def, args, live, chosen),
        __provider: inputs.__provider,
      });
    }
    // Adopted but not yet converged: record it, so the next `up` retries the update.
    throw new ResourceInitError(
      `${label} adopted ${def.noun} ${id} but could not update it: ${message}`,
      id,
      {
        ...current,
        __provider: inputs.__provider,
      },
    );
  }
}
