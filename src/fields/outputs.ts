/**
 * What the engine stores as a resource's outputs: written flat (the applied inputs, the service's
 * response outputs, the provider's own flags and `stateVersion`), in engine form. The way back is
 * stored-state.ts.
 */
import { chosenByServerFlag, fieldsWith, filledByServerKey, type ResourceDefinition } from "./definition";
import { toEngine } from "./engine-form";
import { definedOnly, type StoredState, serverOutputNames } from "./stored-state";

type Props = Record<string, unknown>;

/** Outputs in the form the engine stores them. */
function engineOutputs(def: ResourceDefinition, outputs: Props): Props {
  return toEngine(def, definedOnly(outputs));
}

/** Which server-chosen fields the server chose: those `args` leave unset. */
export function unsetIn(args: Props): (field: string) => boolean {
  return (field) => args[field] === undefined;
}

/**
 * `<field>FilledByServer` outputs: for each field the service may fill in that `args` leave out, the
 * value the service answered ("" for nothing); a key missing from the answer keeps the `previous` record.
 */
function filledOutputs(
  def: ResourceDefinition,
  args: Props,
  live: Props | undefined,
  previous?: StoredState,
) {
  const out: Props = {};
  for (const field of fieldsWith(def, "serverMayFill")) {
    if (args[field] !== undefined && args[field] !== null) continue;
    const answered = live !== undefined && Object.hasOwn(live, field);
    const value = answered ? live[field] : undefined;
    out[filledByServerKey(field)] = answered
      ? typeof value === "string"
        ? value
        : ""
      : previous?.filled[field];
  }
  return out;
}

/** Each server-chosen field's value in use and its `<field>ChosenByServer` flag. */
function chosenOutputs(
  def: ResourceDefinition,
  args: Props,
  chosen: (field: string) => boolean,
  live: Props | undefined,
  previous?: StoredState,
): Props {
  const out: Props = {};
  for (const field of fieldsWith(def, "serverChosen")) {
    out[field] =
      live !== undefined && Object.hasOwn(live, field)
        ? (live[field] ?? args[field])
        : (args[field] ?? previous?.applied[field]);
    out[chosenByServerFlag(field)] = chosen(field);
  }
  return out;
}

/**
 * Outputs after a create, update or read: the applied inputs, the service's fields and each
 * server-chosen value in use. A field the response leaves out keeps its `previous` value.
 */
export function outputsFor(
  def: ResourceDefinition,
  args: Props,
  live: object,
  chosen: (field: string) => boolean,
  previous?: StoredState,
): Props {
  const answer = live as Props;
  const server: Props = {};
  for (const name of serverOutputNames(def)) {
    server[name] = Object.hasOwn(answer, name) ? (answer[name] ?? undefined) : previous?.server?.[name];
  }
  return engineOutputs(def, {
    ...args,
    [def.identity.id]: answer[def.identity.id],
    ...server,
    ...chosenOutputs(def, args, chosen, answer, previous),
    ...filledOutputs(def, args, answer, previous),
    stateVersion: def.stateVersion,
  });
}

/** Outputs when nothing was sent: the new inputs with the stored server fields. */
export function outputsUnchanged(def: ResourceDefinition, args: Props, stored: StoredState): Props {
  return engineOutputs(def, {
    ...args,
    [def.identity.id]: stored.id,
    ...stored.server,
    ...chosenOutputs(def, args, unsetIn(args), undefined, stored),
    ...filledOutputs(def, args, undefined, stored),
    stateVersion: def.stateVersion,
  });
}

/** What an init error records for a resource that exists although the operation failed. */
export function partialOutputs(def: ResourceDefinition, inputs: Props, id: string): Props {
  return { ...inputs, [def.identity.id]: id, stateVersion: def.stateVersion };
}
