/**
 * Every resource the package serves, listed once: the plugin's schema and handlers, the dynamic
 * door's lifecycle modules, the docs tables and the property tests read them here. A resource is
 * its behaviour (its definition plus what it does its own way) and how an import reads one; the
 * lifecycle derives the rest.
 */
import { batchBehaviour } from "../batch/behaviour";
import { batchImporting } from "../batch/importing";
import type { ResourceBehaviour } from "../fields/behaviour";
import type { ResourceDefinition } from "../fields/definition";
import { type ImportedResource, type Importing, importExisting } from "../fields/import";
import type { ApiClient } from "../http/api-client";
import { throttleBehaviour } from "../throttle/behaviour";
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
): RegisteredResource<C> {
  const lifecycle = lifecycleFor(behaviour);
  return {
    definition: behaviour.definition,
    lifecycle,
    importResource: (importId, inputs) =>
      importExisting(behaviour, lifecycle.clientFor(), importing, importId, inputs),
  };
}

export const batchResource = registered(batchBehaviour, batchImporting);
export const throttleResource = registered(throttleBehaviour);

export const RESOURCES: readonly RegisteredResource[] = [batchResource, throttleResource];
