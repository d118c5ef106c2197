/**
 * Pure diff logic, derived from the field table (batch-fields.ts): which body fields a program
 * change touches, whether the batch must be replaced, and the PATCH body that carries exactly the
 * changed fields. No I/O.
 *
 * `stored` is the resource's decoded outputs (stored-outputs.ts); `news` are canonical inputs from
 * check, which during preview may hold the unknown sentinel anywhere.
 */
import {
  BODY_FIELDS,
  type BodyField,
  INPUT_FIELD_NAMES,
  INPUT_SPECS,
  type InputField,
  REPLACING_FIELDS,
} from "../batch/fields";

const CREATE_ONLY_FIELDS = INPUT_FIELD_NAMES.filter((field) => INPUT_SPECS[field].createOnly);

import { fromEngine } from "./engine-form";
import { fieldChanged, patchValue, transitionFailures } from "./field-rules";
import { chosenByServer, type StoredBatch } from "./stored-outputs";
import { containsUnknown } from "./unknown";

type Props = Record<string, unknown>;

/**
 * A create-before-delete replacement would leave two batches dialing the same people at once:
 * a replaced batch is always deleted first.
 */
export const DELETE_BEFORE_REPLACE = true;

/** The body fields whose new value differs from the stored one, in table order. */
export function changedFields(stored: StoredBatch, news: Props): BodyField[] {
  const chosen = chosenByServer(stored);
  return BODY_FIELDS.filter((field) => fieldChanged(field, stored.applied, news, chosen));
}

/** The fields that force a replacement because they changed (or are not known yet). */
export function replaceReasons(stored: StoredBatch, news: Props): string[] {
  const chosen = chosenByServer(stored);
  return REPLACING_FIELDS.filter((field) => fieldChanged(field, stored.applied, news, chosen));
}

/**
 * Throws when the program asks for a change the service cannot make or that means nothing after
 * create (un-pausing, another adoptBatchId), so that no PATCH that must fail is ever sent. (The
 * preview fails on the same rule in check; diff only reports such a change, because the engine
 * also calls diff during `pulumi refresh`, which must not fail.)
 */
function assertPossibleChange(stored: StoredBatch, news: Props): void {
  const failures = transitionFailures(stored.applied, news, stored.batchId);
  if (failures.length > 0) {
    throw new Error(failures.map((f) => `${f.property}: ${f.reason}`).join("\n"));
  }
}

/** `news` as check returned them (calls as engine text) or in program form. */
export function diffBatch(
  stored: StoredBatch,
  engineNews: Props,
): { changes: boolean; replaces: string[]; deleteBeforeReplace: boolean } {
  // check validated the news: a text that does not decode shows as a change.
  const news = fromEngine(engineNews).props;
  const failures = transitionFailures(stored.applied, news, stored.batchId);
  // A create-only field naming another batch: check cannot judge a value added after create (it
  // does not know the batch id), so the preview fails here. Stored inputs never hold such a value,
  // so this cannot fire during `pulumi refresh`.
  const switching = failures.filter((failure) => CREATE_ONLY_FIELDS.includes(failure.property as InputField));
  if (switching.length > 0) throw new Error(switching.map((f) => `${f.property}: ${f.reason}`).join("\n"));
  const impossible = failures.length > 0;
  const replaces = replaceReasons(stored, news);
  return {
    changes: impossible || replaces.length > 0 || changedFields(stored, news).length > 0,
    replaces,
    deleteBeforeReplace: DELETE_BEFORE_REPLACE,
  };
}

/**
 * The PATCH body for an update: exactly the changed fields, each with its new value, or the value
 * that clears it when the program removed it (`null`; the default, `false`, for `paused`).
 */
export function patchBody(stored: StoredBatch, news: Props): Record<string, unknown> {
  assertPossibleChange(stored, news);
  const body: Record<string, unknown> = {};
  for (const field of changedFields(stored, news)) {
    const next = news[field];
    if (containsUnknown(next)) {
      throw new Error(
        `cannot build a PATCH body: ${field} is not known yet (it holds Pulumi's unknown value)`,
      );
    }
    body[field] = patchValue(field, next);
  }
  return body;
}
