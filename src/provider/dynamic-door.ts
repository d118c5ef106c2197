/**
 * The dynamic-provider door: one resource's core lifecycle (resource/lifecycle-type.ts) in the
 * protocol Pulumi's dynamic-provider host speaks. The forwarders stored in every state call these
 * functions by name through the package's `./lifecycle` exports, so their names and arguments are a
 * contract with states already written.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ResourceLifecycle } from "../resource/lifecycle-type";

type Props = Record<string, unknown>;

export function dynamicDoor(core: ResourceLifecycle) {
  return {
    async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
      core.configure(req.config);
    },
    check: (olds: Props, news: Props): Promise<pulumi.dynamic.CheckResult> => core.check(olds, news),
    async diff(id: string, olds: Props, news: Props): Promise<pulumi.dynamic.DiffResult> {
      const { changes, replaces, deleteBeforeReplace, warnings } = await core.diff(id, olds, news);
      // The host hands the provider no URN or engine log: stderr reaches the CLI.
      for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);
      return { changes, replaces, deleteBeforeReplace };
    },
    create: (inputs: Props): Promise<pulumi.dynamic.CreateResult> => core.create(inputs),
    read: (id: string, props?: Props): Promise<pulumi.dynamic.ReadResult> => core.read(id, props),
    update: (id: string, olds: Props, news: Props): Promise<pulumi.dynamic.UpdateResult> =>
      core.update(id, olds, news),
    delete: (id: string, props: Props): Promise<void> => core.delete(id, props),
  };
}
