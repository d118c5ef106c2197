/**
 * A resource class's output properties, derived from its field table: one `pulumi.Output` per
 * stored output, so a field added to a table is a property of its class with no edit here. The SDK
 * resolves the outputs the constructor's props name (every class passes its outputs as undefined).
 */
import * as pulumi from "@pulumi/pulumi";

/**
 * One output property per key of `Outputs`: an optional one may be undefined, except those in
 * `Present`, which every created resource has (its id, `created`, `stateVersion`, counts).
 */
export type OutputProperties<Outputs, Present extends keyof Outputs = never> = {
  readonly [K in Exclude<keyof Outputs, Present>]: pulumi.Output<Outputs[K]>;
} & { readonly [K in Present]-?: pulumi.Output<NonNullable<Outputs[K]>> };

type DynamicResourceClass<Outputs, Present extends keyof Outputs> = abstract new (
  provider: pulumi.dynamic.ResourceProvider,
  name: string,
  props: pulumi.Inputs,
  opts?: pulumi.CustomResourceOptions,
  module?: string,
  type?: string,
) => pulumi.dynamic.Resource & OutputProperties<Outputs, Present>;

/** pulumi.dynamic.Resource, typed with the output properties of a table's stored outputs. */
export function dynamicResourceWith<Outputs, Present extends keyof Outputs = never>(): DynamicResourceClass<
  Outputs,
  Present
>;
export function dynamicResourceWith(): DynamicResourceClass<Record<never, never>, never> {
  return pulumi.dynamic.Resource;
}
