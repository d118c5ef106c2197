/**
 * Type guards for the errors a program can catch, the way ky has `isHTTPError`. `instanceof` fails
 * when the error comes from another copy of this package (two versions in node_modules, a bundled
 * copy, a dynamic-provider host next to the program), so each guard accepts an instance of its own
 * class, or else any Error-like object with the class's `name` and the fields that class always has.
 * This is the package's error module: the root exports every error class a program may catch from
 * here, each a subclass of UltravoxError.
 */

import { BatchNotFoundUnprovenError } from "../batch/client";
import {
  UltravoxApiError,
  UltravoxNetworkError,
  UltravoxRequestError,
  UltravoxResponseError,
} from "../http/api-errors";
import { InvalidIdError } from "../http/endpoint-urls";
import { NotJsonError } from "../json/json-value";

export {
  AmbiguousCreateError,
  CreateNotSettledError,
  EarlierCreateLookupError,
} from "../errors/create-not-settled";
export { NotFoundUnprovenError } from "../errors/not-found-unproven";
export { UltravoxError } from "../errors/ultravox-error";
export { CancelledError } from "../http/cancellation";
export {
  BatchNotFoundUnprovenError,
  InvalidIdError,
  NotJsonError,
  UltravoxApiError,
  UltravoxNetworkError,
  UltravoxRequestError,
  UltravoxResponseError,
};

type Fields = Record<string, unknown>;

/** An object with a string `message` and this `name`: an Error from any copy or realm. */
function named(value: unknown, name: string): value is Fields {
  if (typeof value !== "object" || value === null) return false;
  const fields = value as Fields;
  return fields.name === name && typeof fields.message === "string";
}

/** The fields every UltravoxRequestError carries. */
function hasRequestShape(fields: Fields): boolean {
  return (
    typeof fields.method === "string" &&
    typeof fields.path === "string" &&
    typeof fields.attempts === "number" &&
    typeof fields.mayHaveActed === "boolean"
  );
}

/** The service answered with an error status (4xx, 5xx) after every allowed try. */
export function isUltravoxApiError(value: unknown): value is UltravoxApiError {
  if (value instanceof UltravoxApiError) return true;
  return (
    named(value, "UltravoxApiError") &&
    hasRequestShape(value) &&
    typeof value.status === "number" &&
    typeof value.apiMessage === "string"
  );
}

/** No answer: the connection failed or the request timed out. */
export function isUltravoxNetworkError(value: unknown): value is UltravoxNetworkError {
  if (value instanceof UltravoxNetworkError) return true;
  return (
    named(value, "UltravoxNetworkError") && hasRequestShape(value) && typeof value.ambiguous === "boolean"
  );
}

/** A success status whose body could not be used (not JSON, the wrong shape, too large). */
export function isUltravoxResponseError(value: unknown): value is UltravoxResponseError {
  if (value instanceof UltravoxResponseError) return true;
  return named(value, "UltravoxResponseError") && hasRequestShape(value) && typeof value.status === "number";
}

/** Any of the three errors above: one request to the service failed. */
export function isUltravoxRequestError(value: unknown): value is UltravoxRequestError {
  if (value instanceof UltravoxRequestError) return true;
  return isUltravoxApiError(value) || isUltravoxNetworkError(value) || isUltravoxResponseError(value);
}

/** An agent or batch id that cannot go into a URL path; no request was sent. */
export function isInvalidIdError(value: unknown): value is InvalidIdError {
  return value instanceof InvalidIdError || named(value, "InvalidIdError");
}

/** A 404 that does not prove the batch is gone (see `UltravoxClient.batchIsGone`). */
export function isBatchNotFoundUnprovenError(value: unknown): value is BatchNotFoundUnprovenError {
  return value instanceof BatchNotFoundUnprovenError || named(value, "BatchNotFoundUnprovenError");
}

/** A call value with no JSON form (a Map, a bigint, NaN, ...); `property` names its path. */
export function isNotJsonError(value: unknown): value is NotJsonError {
  if (value instanceof NotJsonError) return true;
  return (
    named(value, "NotJsonError") && typeof value.property === "string" && typeof value.reason === "string"
  );
}
