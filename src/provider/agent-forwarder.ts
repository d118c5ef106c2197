import type * as pulumi from "@pulumi/pulumi";
import type * as lifecycle from "./agent-lifecycle";

type Lifecycle = typeof lifecycle;

/**
 * The object Pulumi serializes into every Agent's state (`__provider`): like the batch's
 * forwarder (batch-forwarder.ts), each method loads the implementation by package name at call
 * time. Keep this file free of module-scope state: the serializer would capture it.
 */
export const agentProvider: pulumi.dynamic.ResourceProvider = {
  configure: (...a: Parameters<Lifecycle["configure"]>) =>
    require("pulumi-ultravox/agent-lifecycle").configure(...a),
  check: (...a: Parameters<Lifecycle["check"]>) => require("pulumi-ultravox/agent-lifecycle").check(...a),
  diff: (...a: Parameters<Lifecycle["diff"]>) => require("pulumi-ultravox/agent-lifecycle").diff(...a),
  create: (...a: Parameters<Lifecycle["create"]>) => require("pulumi-ultravox/agent-lifecycle").create(...a),
  read: (...a: Parameters<Lifecycle["read"]>) => require("pulumi-ultravox/agent-lifecycle").read(...a),
  update: (...a: Parameters<Lifecycle["update"]>) => require("pulumi-ultravox/agent-lifecycle").update(...a),
  delete: (...a: Parameters<Lifecycle["delete"]>) => require("pulumi-ultravox/agent-lifecycle").delete(...a),
};
