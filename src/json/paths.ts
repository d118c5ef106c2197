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

/** The keys of a path written by `formatPath` (`calls[3].metadata["a.b"]` → calls, 3, metadata, a.b). */
export function parsePath(path: string): PropertyKey[] {
  const keys: PropertyKey[] = [];
  const token = /([A-Za-z_$][A-Za-z0-9_$]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]|\./gy;
  let match: RegExpExecArray | null = token.exec(path);
  while (match !== null && token.lastIndex <= path.length) {
    if (match[1] !== undefined) keys.push(match[1]);
    else if (match[2] !== undefined) keys.push(Number(match[2]));
    else if (match[3] !== undefined) keys.push(JSON.parse(match[3]) as string);
    if (token.lastIndex === path.length) break;
    match = token.exec(path);
  }
  return keys;
}
