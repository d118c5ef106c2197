/**
 * Every resource the package serves, listed once: the plugin's schema and handlers, the dynamic
 * door's lifecycle modules, the docs tables and the property tests read them here. A resource is
 * its behaviour (its definition plus what it does its own way); the lifecycle derives the rest.
 */
import { batchBehaviour } from "../batch/behaviour";
import type { ResourceBehaviour } from "../fields/behaviour";
import type { ResourceDefinition } from "../fields/definition";
import type { ApiClient } from "../http/api-client";
import { throttleBehaviour } from "../throttle/behaviour";
import { lifecycleFor } from "./lifecycle";
import type { ResourceLifecycle } from "./lifecycle-type";

type Props = Record<string, unknown>;

export interface RegisteredResource<C extends ApiClient = ApiClient> {
  readonly definition: ResourceDefinition;
  readonly lifecycle: ResourceLifecycle & { clientFor(...values: Props[]): C };
}

function registered<C extends ApiClient>(behaviour: ResourceBehaviour<C>): RegisteredResource<C> {
  return { definition: behaviour.definition, lifecycle: lifecycleFor(behaviour) };
}

export const batchResource = registered(batchBehaviour);
export const throttleResource = registered(throttleBehaviour);

export const RESOURCES: readonly RegisteredResource[] = [batchResource, throttleResource];
