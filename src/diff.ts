/**
 * Pure diff logic: which mutable fields a program change touches, whether the batch must be
 * replaced, and the PATCH body that carries exactly the changed fields. No I/O.
 *
 * `olds` are the resource's stored outputs (canonical inputs plus server fields such as batchId,
 * created, counts, endedAt and webhookSecretChosenByServer); `news` are canonical inputs from
 * check, which during preview may hold the unknown sentinel anywhere.
 */
import { deepEqual } from "./canonical";
import { MUTABLE_FIELDS, type MutableField } from "./schema";
import { canonicalTimestamp } from "./timestamp";
import { containsUnknown } from "./unknown";

type Props = Record<string, unknown>;

/** Fields for which `null` means the same as absent (the API clears them with `null`). */
const CLEARABLE: ReadonlySet<MutableField> = new Set([
  "windowStart",
  "windowEnd",
  "webhookUrl",
  "webhookSecret",
  "throttle",
]);

/** A field's value in the form that is compared: absent/null alike, paused defaults to false. */
function comparable(field: MutableField, value: unknown): unknown {
  if (value === null && CLEARABLE.has(field)) return undefined;
  if (field === "paused" && value === undefined) return false;
  if ((field === "windowStart" || field === "windowEnd") && typeof value === "string") {
    return canonicalTimestamp(value) ?? value;
  }
  return value;
}

function isChanged(field: MutableField, olds: Props, news: Props): boolean {
  const next = news[field];
  if (containsUnknown(next)) return true;
  if (field === "webhookSecret" && (next === undefined || next === null)) {
    // A secret the server chose and the program never set is not the program's to remove.
    if (olds.webhookSecretChosenByServer === true) return false;
  }
  return !deepEqual(comparable(field, olds[field]), comparable(field, next));
}

/** The mutable fields whose new value differs from the stored one, in MUTABLE_FIELDS order. */
export function changedFields(olds: Props, news: Props): MutableField[] {
  return MUTABLE_FIELDS.filter((field) => isChanged(field, olds, news));
}

/** `["agentId"]` when the batch must be replaced (its agent changed or is not known yet), else `[]`. */
export function replaceReasons(olds: Props, news: Props): string[] {
  const agentId = news.agentId;
  return containsUnknown(agentId) || !deepEqual(olds.agentId, agentId) ? ["agentId"] : [];
}

export function diffBatch(
  olds: Props,
  news: Props,
): { changes: boolean; replaces: string[]; deleteBeforeReplace: boolean } {
  const replaces = replaceReasons(olds, news);
  return {
    changes: replaces.length > 0 || changedFields(olds, news).length > 0,
    replaces,
    deleteBeforeReplace: false,
  };
}

/**
 * The PATCH body for an update: exactly the changed fields, each with its new value, or the value
 * that clears it when the program removed it (`null`; `false` for `paused`).
 */
export function patchBody(olds: Props, news: Props): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of changedFields(olds, news)) {
    const next = news[field];
    if (containsUnknown(next)) {
      throw new Error(
        `cannot build a PATCH body: ${field} is not known yet (it holds Pulumi's unknown value)`,
      );
    }
    if (next !== undefined && next !== null) body[field] = next;
    else if (field === "paused") body[field] = false;
    else if (CLEARABLE.has(field)) body[field] = null;
    else throw new Error(`cannot build a PATCH body: ${field} is required but missing from the new inputs`);
  }
  return body;
}
