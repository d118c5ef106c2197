/**
 * The API base URL: one parser for config and client alike. The API key travels in a header, so it
 * is only ever sent over https, except to this machine (loopback), where the local emulator runs.
 */
export const DEFAULT_BASE_URL = "https://api.ultravox.ai";

/**
 * Exactly `localhost`, 127.0.0.0/8 and [::1] (as `URL.hostname` spells them). No other name counts,
 * not `*.localhost` and not the fully qualified `localhost.`: a resolver may send such a name to
 * DNS, and this check does not resolve names.
 */
function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (host === "localhost") return true;
  if (host === "[::1]") return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Validate a base URL (a path prefix such as `https://proxy.example/ultravox` is kept; see
 * `basePathPrefix`). Throws an Error starting with "expected ..." or
 * "refusing ..."; `source` names where the value came from.
 */
export function parseBaseUrl(value: string, source = "baseUrl"): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`Invalid ${source}: expected an https URL such as ${DEFAULT_BASE_URL}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new Error(`Invalid ${source}: expected an https URL such as ${DEFAULT_BASE_URL}`);
  }
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    throw new Error(
      `Invalid ${source}: refusing to send the API key unencrypted to ${url.host}; use https:// ` +
        "(plain http:// is accepted only for localhost, 127.0.0.0/8 and ::1)",
    );
  }
  if (url.username !== "" || url.password !== "" || url.search !== "" || url.hash !== "") {
    throw new Error(`Invalid ${source}: expected no credentials, query or fragment in the URL`);
  }
  return url;
}

/** The base URL's path prefix without trailing slashes: "" for `https://host/`, "/ultravox" for `.../ultravox/`. */
export function basePathPrefix(base: URL): string {
  return base.pathname.replace(/\/+$/, "");
}

/** The base URL as text, without trailing slashes. */
export function normalizeBaseUrl(value: string, source?: string): string {
  const url = parseBaseUrl(value, source);
  return `${url.origin}${basePathPrefix(url)}`;
}
