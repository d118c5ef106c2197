/**
 * URLs of API endpoints under a base URL (its path prefix kept), with every id checked before it goes
 * into a path, and the rule for following a page's `next` link.
 */
import { UltravoxError } from "../errors/ultravox-error";
import { basePathPrefix } from "./base-url";

/**
 * What an agent or batch id may look like in a path: letters, digits, `-` and `_`. This rejects `.`
 * and `..` (which would climb to another resource), `/`, `?`, `#`, `%` and whitespace, whatever the id
 * came from: the program, the state, or an answer of the service.
 */
export const PATH_ID = /^[A-Za-z0-9_-]{1,128}$/;

export class InvalidIdError extends UltravoxError {
  override readonly name = "InvalidIdError";
  override readonly mayHaveActed = false;
}

export function checkPathId(kind: string, id: unknown): string {
  if (typeof id !== "string" || !PATH_ID.test(id)) {
    const shown = typeof id === "string" ? JSON.stringify(id.slice(0, 80)) : String(id);
    throw new InvalidIdError(
      `Refusing to send a request for ${kind} ${shown}: an id may only contain letters, digits, "-" and "_". ` +
        "Check the value in the program or the stack's state.",
    );
  }
  return id;
}

/** A path segment: fixed text, or an id (named for the message when it cannot go into a path). */
export type PathSegment = string | { readonly name: string; readonly id: string };

/** `<base>/<segments...>`, each id checked and every segment encoded. */
export function apiUrl(base: URL, segments: readonly PathSegment[]): URL {
  const parts = segments.map((segment) =>
    typeof segment === "string" ? segment : checkPathId(segment.name, segment.id),
  );
  const url = new URL(base.href);
  url.pathname = `${basePathPrefix(base)}/${parts.map(encodeURIComponent).join("/")}`;
  url.search = "";
  return url;
}

/**
 * The URL of the next page, or an Error message saying why the link is not followed. Only the query of
 * the link is used: the request goes to the same origin and path as the current page, so the API key
 * never leaves for another host (`https://evil/...`, `<base>//evil/...`), and a base URL's path
 * prefix survives even when the service, behind a proxy, links without it. A link naming another host
 * or another path is refused rather than guessed at.
 */
export function nextPageUrl(base: URL, current: URL, next: string): URL | string {
  let resolved: URL;
  try {
    resolved = new URL(next, current);
  } catch {
    return "the `next` link is not a URL";
  }
  if (resolved.hostname !== base.hostname) {
    return `the \`next\` link points to another host (${resolved.hostname}); not followed, so the API key is not sent there`;
  }
  const withoutPrefix = current.pathname.slice(basePathPrefix(base).length);
  if (resolved.pathname !== current.pathname && resolved.pathname !== withoutPrefix) {
    return "the `next` link points to another path than the list being read; not followed";
  }
  const url = new URL(current.href);
  url.search = resolved.search;
  return url;
}
