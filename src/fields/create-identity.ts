/**
 * The hidden input carrying a resource's identity (its URN) to create. The dynamic provider's host
 * hands create no URN, so the resource class passes it as an input (the plugin has the URN and adds
 * it itself). `__`-prefixed like the engine's `__provider`: never validated, compared, sent to the
 * service or shown as a change; check carries it through to create. The dynamic door also keeps it
 * among the outputs, so that refresh, which reads outputs only, hands it back with the inputs and
 * changes nothing in the state.
 */
export const CREATE_IDENTITY_INPUT = "__createIdentity";

/** The identity among the inputs the engine passed, if any. */
export function createIdentityIn(inputs: Record<string, unknown>): string | undefined {
  const identity = inputs[CREATE_IDENTITY_INPUT];
  return typeof identity === "string" && identity !== "" ? identity : undefined;
}

/** `props` without the identity (the plugin's outputs: its engine hands it the URN anyway). */
export function withoutCreateIdentity(props: Record<string, unknown>): Record<string, unknown> {
  if (!Object.hasOwn(props, CREATE_IDENTITY_INPUT)) return props;
  const { [CREATE_IDENTITY_INPUT]: _identity, ...rest } = props;
  return rest;
}

/** `checked` with the identity `raw` carried, if it carried one. */
export function withCreateIdentity(
  checked: Record<string, unknown>,
  raw: Record<string, unknown>,
): Record<string, unknown> {
  const identity = createIdentityIn(raw);
  return identity === undefined ? checked : { ...checked, [CREATE_IDENTITY_INPUT]: identity };
}
