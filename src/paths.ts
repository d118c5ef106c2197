/**
 * Property paths as users write them in a program: `calls[3].medium.twilio.outgoing.to`.
 * Keys that are not plain identifiers use bracket form with a JSON string:
 * `calls[0].metadata["ultravox.source"]`.
 */

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else {
      const name = String(key);
      if (IDENTIFIER.test(name)) out += out === "" ? name : `.${name}`;
      else out += `[${JSON.stringify(name)}]`;
    }
  }
  return out;
}
