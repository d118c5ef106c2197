/**
 * `pulumi up --replace <urn>`: the engine plans the replace without asking the provider (no diff, and
 * a check without the old state), so no preview can refuse it. Through the plugin it can still be
 * refused before anything is deleted: the engine checks the replaced resource's inputs with no old
 * inputs, then (a batch is deleted before its replacement) sends Delete for the same URN. A Delete of
 * a URN checked this run without old inputs is that replace; a batch that may have placed calls is
 * then refused unless the program's `allowRedialOf` names it. The dynamic-provider host hands the
 * provider no URN, so the dynamic resource cannot do this (docs/campaign-lifecycle.md).
 *
 * Only with `deleteBeforeReplace: true` on the resource (a plugin cannot set it for `--replace`, see
 * docs/plugin.md): without it the engine creates the new batch first. Then refusing the old one's
 * Delete would leave both batches dialing, so a Delete after the URN's Create is never refused.
 */
import { progressOf, refuseRedial } from "../batch/redial-guard";
import type { ResourceDefinition } from "../fields/definition";
import { decodeStoredState, withoutEngineKeys } from "../fields/stored-state";

type Props = Record<string, unknown>;

/** URNs checked in this process without old inputs, with the program's `allowRedialOf`. */
const checkedAsNew = new Map<string, string | undefined>();

/** Records a check: without old inputs it is a create, or the replace `--replace` asked for. */
export function noteCheck(urn: string, olds: Props, news: Props): void {
  if (Object.keys(withoutEngineKeys(olds)).length > 0) checkedAsNew.delete(urn);
  else checkedAsNew.set(urn, typeof news.allowRedialOf === "string" ? news.allowRedialOf : undefined);
}

/** Records a Create: a Delete of the same URN after it is a create-before-delete replace, too late to refuse. */
export function noteCreate(urn: string): void {
  checkedAsNew.delete(urn);
}

/** Throws when this Delete is the first half of a `--replace` that would re-dial the batch's people. */
export function refuseTargetedReplace(def: ResourceDefinition, urn: string, id: string, props: Props): void {
  if (def.kind !== "ScheduledBatch" || !checkedAsNew.has(urn)) return;
  const stored = decodeStoredState(def, props);
  refuseRedial(
    progressOf(withoutEngineKeys(props), stored.applied, id),
    {
      replaces: ["id"],
      callsChange: false,
      allowRedialOf: checkedAsNew.get(urn),
      replaceCause: "`pulumi up --replace`",
    },
    Date.now(),
  );
}
