/**
 * Checks one HTTP exchange (a request and the answer to it) against the Ultravox OpenAPI description:
 * the operation exists, its path and query parameters, the request body (no readOnly property sent),
 * the answer status and body (no writeOnly property returned). Errors without a declared answer are
 * checked against the documented error convention (error-bodies.ts).
 */
import type { ErrorObject } from "ajv";
import { type ApiDescription, apiDescription, type Match, type Parameter } from "./api-description";
import { errorBodyProblems } from "./error-bodies";
import { FORBIDDEN_PROPERTY } from "./to-json-schema";

export interface Exchange {
  method: string;
  /** URL pathname, e.g. /api/agents/{uuid}/scheduled_batches. */
  path: string;
  query: Record<string, string>;
  /** The request's Content-Type header; null when it had none. */
  requestContentType: string | null;
  /** Size of the request body; 0 when none was sent. */
  requestBodyBytes: number;
  /** The parsed request body; null when absent or not JSON. */
  requestBody: unknown;
  /** Status answered; null when the connection was dropped before an answer. */
  status: number | null;
  /** The answer's JSON body; undefined when it had none. */
  answerBody: unknown;
}

const JSON_MEDIA_TYPE = "application/json";

function mediaType(contentType: string | null): string {
  return (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

function describe(error: ErrorObject, where: string): string {
  const at = `${where}${error.instancePath}`;
  const flag = (error.parentSchema as Record<string, unknown> | undefined)?.[FORBIDDEN_PROPERTY];
  if (error.keyword === "not" && flag === "readOnly") return `${at} is readOnly: a request must not send it`;
  if (error.keyword === "not" && flag === "writeOnly")
    return `${at} is writeOnly: an answer must not carry it`;
  const params = error.keyword === "additionalProperties" ? ` (${JSON.stringify(error.params)})` : "";
  return `${at} ${error.message ?? error.keyword}${params}`;
}

function schemaProblems(
  api: ApiDescription,
  schema: unknown,
  direction: "request" | "answer",
  value: unknown,
  where: string,
) {
  // anyOf (nullable) branches repeat each other's errors; each line once is enough.
  return [...new Set(api.errors(schema, direction, value).map((error) => describe(error, where)))];
}

/** A query or path value (always text) in the type its schema declares. */
function typedValue(schema: unknown, raw: string): unknown {
  const type = (schema as { type?: unknown } | undefined)?.type;
  if ((type === "integer" || type === "number") && /^-?\d+(\.\d+)?$/.test(raw)) return Number(raw);
  if (type === "boolean" && (raw === "true" || raw === "false")) return raw === "true";
  return raw;
}

function parameterProblems(api: ApiDescription, match: Match, exchange: Exchange): string[] {
  const problems: string[] = [];
  const declared = (where: Parameter["in"]) => match.operation.parameters.filter((p) => p.in === where);
  for (const parameter of declared("path")) {
    const value = match.params[parameter.name] ?? "";
    problems.push(
      ...schemaProblems(
        api,
        parameter.schema ?? {},
        "request",
        typedValue(parameter.schema, value),
        `path parameter ${parameter.name}`,
      ),
    );
  }
  const query = declared("query");
  for (const [name, value] of Object.entries(exchange.query)) {
    const parameter = query.find((p) => p.name === name);
    if (parameter === undefined) {
      problems.push(
        `query parameter ${name} is not declared (declared: ${query.map((p) => p.name).join(", ") || "none"})`,
      );
      continue;
    }
    problems.push(
      ...schemaProblems(
        api,
        parameter.schema ?? {},
        "request",
        typedValue(parameter.schema, value),
        `query parameter ${name}`,
      ),
    );
  }
  for (const parameter of query) {
    if (parameter.required && exchange.query[parameter.name] === undefined) {
      problems.push(`required query parameter ${parameter.name} is missing`);
    }
  }
  return problems;
}

function bodyProblems(api: ApiDescription, match: Match, exchange: Exchange): string[] {
  const declared = match.operation.requestBody;
  const sent = exchange.requestBodyBytes > 0;
  if (declared === undefined)
    return sent ? [`sends a body, but ${match.operation.operationId} takes none`] : [];
  if (!sent)
    return declared.required ? [`sends no body, but ${match.operation.operationId} requires one`] : [];
  const type = mediaType(exchange.requestContentType);
  const content = declared.content[type];
  if (content === undefined) {
    return [
      `sends Content-Type "${type}", but the operation accepts ${Object.keys(declared.content).join(", ")}`,
    ];
  }
  if (type === JSON_MEDIA_TYPE && exchange.requestBody === null) return ["the request body is not JSON"];
  return schemaProblems(api, content.schema ?? {}, "request", exchange.requestBody, "request body");
}

/** What is wrong with the request of an exchange; empty when it is a valid request of a described operation. */
export function requestViolations(exchange: Exchange): string[] {
  const api = apiDescription();
  const match = api.find(exchange.method, exchange.path);
  if (typeof match === "string") return [match];
  return [...parameterProblems(api, match, exchange), ...bodyProblems(api, match, exchange)];
}

/** What is wrong with the answer of an exchange; empty when it is what the description (or the error convention) allows. */
export function answerViolations(exchange: Exchange): string[] {
  const { status, answerBody } = exchange;
  if (status === null) return [];
  const api = apiDescription();
  const match = api.find(exchange.method, exchange.path);
  const declared = typeof match === "string" ? undefined : match.operation.responses[String(status)];
  if (declared === undefined) {
    if (status >= 400) return errorBodyProblems(status, answerBody);
    const what =
      typeof match === "string"
        ? match
        : `${match.operation.operationId} declares ${Object.keys(match.operation.responses).join(", ")}`;
    return [`answers ${status}, which is not a declared answer: ${what}`];
  }
  if (declared.content === undefined) {
    return answerBody === undefined
      ? []
      : [`a ${status} answer must have no body; it has ${JSON.stringify(answerBody).slice(0, 200)}`];
  }
  const content = declared.content[JSON_MEDIA_TYPE];
  if (content === undefined) return [`a ${status} answer is declared without a JSON body`];
  if (answerBody === undefined) return [`a ${status} answer has no body`];
  return schemaProblems(api, content.schema ?? {}, "answer", answerBody, `${status} answer`);
}

/** `METHOD path?query`, how an exchange is named in a list of violations. */
export function exchangeName(exchange: Pick<Exchange, "method" | "path" | "query">): string {
  const query = new URLSearchParams(exchange.query).toString();
  return `${exchange.method} ${exchange.path}${query ? `?${query}` : ""}`;
}
