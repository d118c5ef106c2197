/**
 * Pure diff logic, derived from a resource's field table: which body fields a program change
 * touches, whether the resource must be replaced, and the PATCH body that carries exactly the
 * changed fields. No I/O.
 *
 * `stored` is the resource's decoded outputs (stored-state.ts); `news` are canonical inputs from
 * check, which during preview may hold the unknown sentinel anywhere.
 */
import { fieldsWith, type ResourceDefinition } from "./definition";
import { fromEngine } from "./engine-form";
import { fieldChanged, patchValue, transitionFailures } from "./field-rules";
import type { CheckFailure } from "./spec";
import { chosenByServer, type StoredState } from "./stored-state";
import { containsUnknown } from "./unknown";

type Props = Record<string, unknown>;

/**
 * A create-before-delete replacement would leave two resources at once (for a batch: two batches
 * dialing the same people): a replaced resource is always deleted first.
 */
export const DELETE_BEFORE_REPLACE = true;

/** The body fields whose new value differs from the stored one, in table order. */
export function changedFields(def: ResourceDefinition, stored: StoredState, news: Props): string[] {
  const chosen = chosenByServer(stored);
  return def.bodyFields.filter((field) => fieldChanged(def, field, stored.applied, news, chosen));
}

/** The fields that force a replacement because they changed (or are not known yet). */
export function replaceReasons(def: ResourceDefinition, stored: StoredState, news: Props): string[] {
  const chosen = chosenByServer(stored);
  return fieldsWith(def, "replaces").filter((field) =>
    fieldChanged(def, field, stored.applied, news, chosen),
  );
}

function failureText(failures: CheckFailure[]): string {
  return failures.map((f) => `${f.property}: ${f.reason}`).join("\n");
}

/** `news` as check returned them (in engine form) or in program form. */
export function diffResource(
  def: ResourceDefinition,
  stored: StoredState,
  engineNews: Props,
): { changes: boolean; replaces: string[]; deleteBeforeReplace: boolean } {
  // check validated the news: a text that does not decode shows as a change.
  const news = fromEngine(def, engineNews).props;
  const failures = transitionFailures(def, stored.applied, news, stored.id);
  // A create-only field naming another resource: check cannot judge a value added after create (it
  // does not know the id), so the preview fails here. Stored inputs never hold such a value, so this
  // cannot fire during `pulumi refresh`.
  const createOnly = fieldsWith(def, "createOnly");
  const switching = failures.filter((failure) => createOnly.includes(failure.property));
  if (switching.length > 0) throw new Error(failureText(switching));
  const replaces = replaceReasons(def, stored, news);
  return {
    changes: failures.length > 0 || replaces.length > 0 || changedFields(def, stored, news).length > 0,
    replaces,
    deleteBeforeReplace: DELETE_BEFORE_REPLACE,
  };
}

/**
 * The PATCH body for an update: exactly the changed fields, each with its new value, or the value
 * that clears it when the program removed it (`null`, or the field's default). Throws when the
 * program asks for a change the service cannot make (so no PATCH that must fail is ever sent);
 * the preview fails on the same rule in check, while diff only reports it, because the engine also
 * calls diff during `pulumi refresh`, which must not fail.
 */
export function patchBody(
  def: ResourceDefinition,
  stored: StoredState,
  news: Props,
): Record<string, unknown> {
  const failures = transitionFailures(def, stored.applied, news, stored.id);
  if (failures.length > 0) throw new Error(failureText(failures));
  const body: Record<string, unknown> = {};
  for (const field of changedFields(def, stored, news)) {
    const next = news[field];
    if (containsUnknown(next)) {
      throw new Error(
        `cannot build a PATCH body: ${field} is not known yet (it holds Pulumi's unknown value)`,
      );
    }
    body[field] = patchValue(def, field, next);
  }
  return body;
}
