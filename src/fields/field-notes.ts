/**
 * What an input's flags mean to a program author, as short sentences: the README's inputs table and
 * the plugin's schema (what generated SDKs show) both append them to the field's description, so a
 * changed flag changes every text that states it.
 */
import type { ResourceDefinition } from "./definition";
import type { InputFieldSpec } from "./spec";

const code = (value: unknown) => `\`${typeof value === "string" ? value : JSON.stringify(value)}\``;

export function inputNotes(def: ResourceDefinition, spec: InputFieldSpec): string[] {
  const notes: string[] = [];
  if (spec.replaces) {
    notes.push(`A change replaces the ${def.noun}, deleting the old one first (two never run at once).`);
  }
  if (spec.createOnly) notes.push("Create-only: another value later fails at preview.");
  if (spec.default !== undefined) notes.push(`Absent means ${code(spec.default)}.`);
  if (spec.oneWay) {
    notes.push(
      `One-way: ${code(spec.oneWay.from)} → ${code(spec.oneWay.to)} fails at preview (the service cannot make it).`,
    );
  }
  if (spec.secret) notes.push("Secret in state.");
  if (spec.personal) notes.push("Personal data: secret in state unless `ultravox:plainCalls` is true.");
  if (spec.serverChosen) notes.push("Absent: the service chooses one (a secret output).");
  if (spec.serverFillsKeys) notes.push("Keys left out are the service's to fill in (never drift).");
  if (spec.instant) notes.push("Equal instants in other offsets are the same value.");
  return notes;
}

/** The description with what the flags mean. */
export function describeInput(def: ResourceDefinition, spec: InputFieldSpec): string {
  return [spec.description, ...inputNotes(def, spec)].join(" ");
}
