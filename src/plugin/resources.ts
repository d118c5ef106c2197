/**
 * The resources the plugin serves: each one's definition (schema, secrets, diff detail), the
 * lifecycle it runs (the same core as the dynamic resource), and how `pulumi import` reads one.
 */

import type { ResourceDefinition } from "../fields/definition";
import * as batchLifecycle from "../provider/batch-lifecycle";
import * as throttleLifecycle from "../provider/throttle-lifecycle";
import type { Lifecycle } from "../resource/lifecycle-type";
import { type ImportedResource, importBatch } from "./batch-import";
import { importThrottle } from "./throttle-import";

type Props = Record<string, unknown>;

export interface PluginResource {
  readonly definition: ResourceDefinition;
  readonly lifecycle: Lifecycle;
  /** `pulumi import` (a Read without state): the resource's id as the user writes it, and any inputs. */
  readonly importResource: (importId: string, inputs: Props) => Promise<ImportedResource>;
}

export const RESOURCES: readonly PluginResource[] = [
  {
    definition: batchLifecycle.definition,
    lifecycle: batchLifecycle,
    // `pulumi import` passes `<agentId>/<batchId>`; the `import` option the batch id beside inputs.
    importResource: (id, inputs) =>
      importBatch(id.includes("/") || !inputs.agentId ? id : `${inputs.agentId}/${id}`),
  },
  {
    definition: throttleLifecycle.definition,
    lifecycle: throttleLifecycle,
    importResource: (id) => importThrottle(id),
  },
];
