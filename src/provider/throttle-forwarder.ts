import type * as pulumi from "@pulumi/pulumi";
import type * as lifecycle from "./throttle-lifecycle";

type Lifecycle = typeof lifecycle;

/**
 * The object Pulumi serializes into every CallThrottle's state (`__provider`): like the batch's
 * forwarder (batch-forwarder.ts), each method loads the implementation by package name at call
 * time. Keep this file free of module-scope state: the serializer would capture it.
 */
export const callThrottleProvider: pulumi.dynamic.ResourceProvider = {
  configure: (...a: Parameters<Lifecycle["configure"]>) =>
    require("pulumi-ultravox/throttle-lifecycle").configure(...a),
  check: (...a: Parameters<Lifecycle["check"]>) => require("pulumi-ultravox/throttle-lifecycle").check(...a),
  diff: (...a: Parameters<Lifecycle["diff"]>) => require("pulumi-ultravox/throttle-lifecycle").diff(...a),
  create: (...a: Parameters<Lifecycle["create"]>) =>
    require("pulumi-ultravox/throttle-lifecycle").create(...a),
  read: (...a: Parameters<Lifecycle["read"]>) => require("pulumi-ultravox/throttle-lifecycle").read(...a),
  update: (...a: Parameters<Lifecycle["update"]>) =>
    require("pulumi-ultravox/throttle-lifecycle").update(...a),
  delete: (...a: Parameters<Lifecycle["delete"]>) =>
    require("pulumi-ultravox/throttle-lifecycle").delete(...a),
};
