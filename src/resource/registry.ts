/**
 * Every resource the package serves, listed once: the plugin's schema and handlers, the dynamic
 * door's lifecycle modules, the docs tables and the property tests read them here. A resource is
 * its behaviour (its definition plus what it does its own way) and how an import reads one; the
 * lifecycle derives the rest.
 */
import { agentBehaviour } from "../agent/behaviour";
import { batchBehaviour } from "../batch/behaviour";
import { batchImporting } from "../batch/importing";
import type { ResourceBehaviour } from "../fields/behaviour";
import type { ResourceDefinition } from "../fields/definition";
import { type ImportedResource, type Importing, importExisting } from "../fields/import";
import type { ApiClient } from "../http/api-client";
import { throttleBehaviour } from "../throttle/behaviour";
import { withCallsFile } from "./calls-file-lifecycle";
import { lifecycleFor } from "./lifecycle";
import type { ResourceLifecycle } from "./lifecycle-type";

type Props = Record<string, unknown>;

export type { ImportedResource };

export interface RegisteredResource<C extends ApiClient = ApiClient> {
  readonly definition: ResourceDefinition;
  readonly lifecycle: ResourceLifecycle & { clientFor(...values: Props[]): C };
  /** `pulumi import` (a Read without state): the resource's id as the user writes it, and any inputs. */
  importResource(importId: string, inputs: Props): Promise<ImportedResource>;
}

function registered<C extends ApiClient>(
  behaviour: ResourceBehaviour<C>,
  importing: Importing<C> = {},
  around: (core: RegisteredResource<C>["lifecycle"]) => RegisteredResource<C>["lifecycle"] = (core) => core,
): RegisteredResource<C> {
  const lifecycle = around(lifecycleFor(behaviour));
  return {
    definition: behaviour.definition,
    lifecycle,
    importResource: (importId, inputs) =>
      importExisting(behaviour, lifecycle.clientFor(), importing, importId, inputs),
  };
}

// Calls from a file (`callsFile`) stand in for `calls` around the batch's core.
export const batchResource = registered(batchBehaviour, batchImporting, withCallsFile);
export const throttleResource = registered(throttleBehaviour);
export const agentResource = registered(agentBehaviour);

export const RESOURCES: readonly RegisteredResource[] = [batchResource, throttleResource, agentResource];
