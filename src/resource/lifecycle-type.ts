/**
 * What one resource's core answers, in its own terms. Each door adapts it: provider/dynamic-door.ts
 * to the dynamic-provider protocol the stored forwarders call, plugin/provider-service.ts to gRPC.
 */
import type { ConfigSource } from "./config";

type Props = Record<string, unknown>;

/** A failing input, named by its property path. */
export interface InputFailure {
  property: string;
  reason: string;
}

export interface Checked {
  /** The canonical inputs; create and update only ever receive these. */
  inputs: Props;
  failures: InputFailure[];
}

export interface Diffed {
  changes: boolean;
  /** Fields forcing a replace (a tombstone's re-create: `deletedOutsideAt`). */
  replaces: string[];
  deleteBeforeReplace: boolean;
  /** Every field the change touches: the replacing ones and those a PATCH would carry. */
  changedFields: string[];
  /** The resource's own warnings about the change, for the door to show. */
  warnings: string[];
}

export interface Created {
  id: string;
  outs: Props;
}

export interface Read {
  /** Empty when the resource is proven gone: the engine drops it from state. */
  id: string;
  props: Props;
  /** The inputs as the service holds them, when they could be read. */
  inputs?: Props;
}

export interface ResourceLifecycle {
  /** The provider's settings (stack config, or a plugin's Configure), shared by every resource. */
  configure(config: ConfigSource | undefined): void;
  check(olds: Props, news: Props): Promise<Checked>;
  diff(id: string, olds: Props, news: Props, ignoreChanges?: string[]): Promise<Diffed>;
  create(inputs: Props): Promise<Created>;
  read(id: string, props?: Props): Promise<Read>;
  update(id: string, olds: Props, news: Props): Promise<{ outs: Props }>;
  delete(id: string, props: Props): Promise<void>;
}
