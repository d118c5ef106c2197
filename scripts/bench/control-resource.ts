import * as pulumi from "@pulumi/pulumi";

/**
 * The control for the no-op runs: a dynamic resource as trivial as one can be. Its provider makes no
 * request, has no check, and its diff always answers "no change", so a stack of them measures only
 * what the Pulumi engine and the dynamic-provider host cost.
 */
const controlProvider: pulumi.dynamic.ResourceProvider = {
  create: async (inputs: Record<string, unknown>) => ({
    id: `control-${String(inputs.index)}`,
    outs: inputs,
  }),
  diff: async () => ({ changes: false }),
};

export class ControlResource extends pulumi.dynamic.Resource {
  constructor(name: string, index: number, opts?: pulumi.CustomResourceOptions) {
    super(controlProvider, name, { index }, opts, "bench", "Control");
  }
}
