/**
 * Reading the service's message out of an error body: DRF `{"detail": ...}`, DRF field maps (nested
 * for list items), gRPC-style `{"error": {...}}`, `{"message": ...}`, or raw text. Pure; the caller
 * redacts and shortens the result.
 */
import { isPlainObject } from "../json/plain-object";

/** Flatten a DRF error structure into `path: message` strings (`calls[2].medium: ...`). */
function flattenFieldErrors(value: unknown, path = "", out: string[] = []): string[] {
  if (value === null || value === undefined) return out;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    out.push(path ? `${path}: ${String(value)}` : String(value));
    return out;
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      if (item === null || typeof item !== "object") flattenFieldErrors(item, path, out);
      else flattenFieldErrors(item, `${path}[${index}]`, out);
    });
    return out;
  }
  if (isPlainObject(value)) {
    for (const [key, child] of Object.entries(value)) {
      let childPath: string;
      if (key === "non_field_errors") childPath = path;
      else if (/^\d+$/.test(key) && path) childPath = `${path}[${key}]`;
      else childPath = path ? `${path}.${key}` : key;
      flattenFieldErrors(child, childPath, out);
    }
  }
  return out;
}

export interface ErrorBody {
  /** The service's message, unshortened and unredacted. */
  apiMessage: string;
  /** DRF-style field error map, when the body was one. */
  fieldErrors: Record<string, unknown> | undefined;
  /** True when the body is the API's own JSON error shape `{"detail": ...}` (DRF). */
  drfDetail: boolean;
}

export function describeErrorBody(text: string): ErrorBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { apiMessage: text, fieldErrors: undefined, drfDetail: false };
  }
  const plain = (apiMessage: string): ErrorBody => ({ apiMessage, fieldErrors: undefined, drfDetail: false });
  if (isPlainObject(parsed)) {
    if ("detail" in parsed) {
      return {
        apiMessage: flattenFieldErrors(parsed.detail).join("; "),
        fieldErrors: undefined,
        drfDetail: typeof parsed.detail === "string",
      };
    }
    if ("error" in parsed) {
      const error = parsed.error;
      if (isPlainObject(error)) {
        const parts = [error.code, error.status, error.message, error.detail, error.details]
          .filter((part): part is string => typeof part === "string" && part !== "")
          .filter((part, index, all) => all.indexOf(part) === index);
        return plain(parts.length > 0 ? parts.join(": ") : JSON.stringify(error));
      }
      return plain(flattenFieldErrors(error).join("; "));
    }
    if (typeof parsed.message === "string") return plain(parsed.message);
    return { apiMessage: flattenFieldErrors(parsed).join("; "), fieldErrors: parsed, drfDetail: false };
  }
  return plain(flattenFieldErrors(parsed).join("; "));
}
