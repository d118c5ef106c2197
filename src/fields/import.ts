/**
 * `pulumi import` for any resource (a Read without state, through the plugin): one GET, and what the
 * resource reads beside it, returned as outputs (state) and as the inputs a program writes, which
 * the CLI prints as code to paste. The resource id becomes the id the service named.
 */

import type { ApiClient } from "../http/api-client";
import { parentsOf } from "./adopt";
import type { ResourceBehaviour } from "./behaviour";
import { fieldsWith } from "./definition";
import { inputsFromLive } from "./field-rules";
import { outputsFor } from "./outputs";

type Props = Record<string, unknown>;
type Parents = Record<string, string>;

export interface ImportedResource {
  id: string;
  /** Outputs, in the engine form (a batch's calls as text). */
  props: Props;
  /** Inputs in program form (a batch's calls as a list), for the code `pulumi import` prints. */
  inputs: Props;
}

/** What an import needs beside the resource's behaviour. */
export interface Importing<C extends ApiClient> {
  /**
   * The resource's id and path parents from the id the user wrote (and the program's inputs, for
   * the `import` resource option); throws saying what the id must look like.
   */
  parse?(importId: string, inputs: Props): { id: string; parents: Parents };
  /** Inputs the GET does not show, in the form the printed code declares them (a batch's calls). */
  readBack?(client: C, parents: Parents, id: string): Promise<Props>;
}

export async function importExisting<C extends ApiClient>(
  behaviour: ResourceBehaviour<C>,
  client: C,
  importing: Importing<C>,
  importId: string,
  programInputs: Props,
): Promise<ImportedResource> {
  const def = behaviour.definition;
  const { id, parents } = importing.parse?.(importId, programInputs) ?? {
    id: importId,
    parents: parentsOf(def, programInputs),
  };
  let live: object;
  try {
    live = await behaviour.get(client, parents, id);
  } catch (error) {
    if (await behaviour.isGone(client, parents, error)) {
      const where = Object.entries(parents).map(
        ([name, value]) => ` under ${name.replace(/Id$/, "")} ${value}`,
      );
      throw new Error(`Cannot import: ${def.noun} ${id} does not exist${where.join("")}.`);
    }
    throw error;
  }
  const readBack = (await importing.readBack?.(client, parents, id)) ?? {};
  // Who chose a server-chosen value (a webhook secret) is unknown for a resource made elsewhere: it
  // stays out of the printed code (no secret in source) and counts as the server's choice. Imported
  // code declares what the resource holds: no value counts as filled in by the service.
  const serverChosen = fieldsWith(def, "serverChosen");
  const chosen = (field: string) => serverChosen.includes(field);
  // A field whose keys the service fills in (an agent's template) is declared whole, every key.
  const whole = Object.fromEntries(
    fieldsWith(def, "serverFillsKeys").map((field) => [field, (live as Props)[field]]),
  );
  const inputs = inputsFromLive(def, { ...whole, ...parents, ...readBack }, live, chosen, () => "");
  return { id, props: outputsFor(def, inputs, live, chosen), inputs };
}
