import type * as pulumi from "@pulumi/pulumi";
import type * as lifecycle from "./batch-lifecycle";

type Lifecycle = typeof lifecycle;

/**
 * The object Pulumi serializes into every ScheduledBatch's state (`__provider`).
 *
 * Each method loads the implementation by package name at call time, so the serialized text stays
 * under 2 KB, holds no secrets or machine paths, is the same on every machine and version, and a
 * fixed `read`/`delete` takes effect at once (the engine runs the stored text for those).
 * Terse arrows with rest parameters serialize shortest. Keep this file free of module-scope state:
 * the serializer would capture it.
 */
export const scheduledBatchProvider: pulumi.dynamic.ResourceProvider = {
  configure: (...a: Parameters<Lifecycle["configure"]>) =>
    require("pulumi-ultravox/lifecycle").configure(...a),
  check: (...a: Parameters<Lifecycle["check"]>) => require("pulumi-ultravox/lifecycle").check(...a),
  diff: (...a: Parameters<Lifecycle["diff"]>) => require("pulumi-ultravox/lifecycle").diff(...a),
  create: (...a: Parameters<Lifecycle["create"]>) => require("pulumi-ultravox/lifecycle").create(...a),
  read: (...a: Parameters<Lifecycle["read"]>) => require("pulumi-ultravox/lifecycle").read(...a),
  update: (...a: Parameters<Lifecycle["update"]>) => require("pulumi-ultravox/lifecycle").update(...a),
  delete: (...a: Parameters<Lifecycle["delete"]>) => require("pulumi-ultravox/lifecycle").delete(...a),
};
