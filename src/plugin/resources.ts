/**
 * The resources the plugin serves: the core's registry (resource/registry.ts), each with how
 * `pulumi import` reads one.
 */

import { batchResource, type RegisteredResource, throttleResource } from "../resource/registry";
import { type ImportedResource, importBatch } from "./batch-import";
import { importThrottle } from "./throttle-import";

type Props = Record<string, unknown>;

export interface PluginResource extends RegisteredResource {
  /** `pulumi import` (a Read without state): the resource's id as the user writes it, and any inputs. */
  readonly importResource: (importId: string, inputs: Props) => Promise<ImportedResource>;
}

export const RESOURCES: readonly PluginResource[] = [
  {
    ...batchResource,
    // `pulumi import` passes `<agentId>/<batchId>`; the `import` option the batch id beside inputs.
    importResource: (id, inputs) =>
      importBatch(id.includes("/") || !inputs.agentId ? id : `${inputs.agentId}/${id}`),
  },
  {
    ...throttleResource,
    importResource: (id) => importThrottle(id),
  },
];
