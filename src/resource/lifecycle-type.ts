import type * as pulumi from "@pulumi/pulumi";

type Props = Record<string, unknown>;

/** The dynamic-provider protocol one resource's core answers (the forwarder and the plugin call it). */
export interface Lifecycle {
  configure(req: pulumi.dynamic.ConfigureRequest): Promise<void>;
  check(olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult>;
  diff(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult>;
  /** diff, with the warnings to show instead of printing them (the plugin logs them against the URN). */
  diffWithWarnings?(
    id: string,
    olds: Props,
    news: Props,
    ignoreChanges?: string[],
  ): Promise<{ result: pulumi.dynamic.DiffResult; warnings: string[] }>;
  create(inputs: Props): Promise<pulumi.dynamic.CreateResult>;
  read(id: string, props?: Props): Promise<pulumi.dynamic.ReadResult>;
  update(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult>;
  delete(id: string, props: Props): Promise<void>;
}
