/**
 * The resources the plugin serves: the core's one registry (resource/registry.ts), each with its
 * definition (schema, secrets, diff detail), its lifecycle and how `pulumi import` reads one.
 */
export { RESOURCES, type RegisteredResource as PluginResource } from "../resource/registry";
