/**
 * The shape error answers must have. The OpenAPI description declares no error response for the batch
 * endpoints (only 200/201/204), so an error answer is checked against the convention the reference
 * documents for this DRF backend instead (ultravox-api.md, section 6.2):
 * - 400: a field-error map (`{"field": ["message", ...]}`, nested for objects, a list aligned with the
 *   items for lists, `non_field_errors` for cross-field rules) or `{"detail": "..."}`;
 * - every other error status: `{"detail": "..."}`.
 */

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Problems with one field's errors: a list of messages, a nested map, or a list of item maps. */
function fieldErrorProblems(value: unknown, at: string): string[] {
  if (isObject(value)) {
    return Object.entries(value).flatMap(([key, inner]) => fieldErrorProblems(inner, `${at}.${key}`));
  }
  if (!Array.isArray(value) || value.length === 0) {
    return [`${at} must be a non-empty list of messages, a map of field errors or a list of item errors`];
  }
  if (value.every((item) => typeof item === "string")) return [];
  if (value.every(isObject)) return value.flatMap((item, i) => fieldErrorProblems(item, `${at}[${i}]`));
  return [`${at} mixes messages and item errors`];
}

export function errorBodyProblems(status: number, body: unknown): string[] {
  if (body === undefined) return [`a ${status} answer has no body (expected a JSON object)`];
  if (!isObject(body)) return [`a ${status} answer body is not a JSON object: ${JSON.stringify(body)}`];
  if (typeof body.detail === "string") return [];
  if (status !== 400) return [`a ${status} answer must be {"detail": "..."}; got ${JSON.stringify(body)}`];
  if (Object.keys(body).length === 0) return ["a 400 answer names no field and no detail"];
  return Object.entries(body).flatMap(([field, errors]) => fieldErrorProblems(errors, field));
}
