/**
 * Ultravox's published OpenAPI description, loaded once per test process: its operations found by
 * method and concrete path, and ajv validators for its schemas in either direction of traffic.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import addFormats from "ajv-formats";
import yaml from "js-yaml";
import {
  type Direction,
  documentId,
  FORBIDDEN_PROPERTY,
  type JsonSchema,
  NULLABLE_WRAPPER,
  toJsonSchema,
} from "./to-json-schema";

/** The shared reference beside the repository; ULTRAVOX_OPENAPI_FILE points elsewhere. */
export const OPENAPI_FILE =
  process.env.ULTRAVOX_OPENAPI_FILE ?? resolve(__dirname, "../../../shared/reference/ultravox-openapi.yaml");

export interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required?: boolean;
  schema?: unknown;
}

interface MediaTypes {
  [mediaType: string]: { schema?: unknown };
}

export interface Operation {
  operationId: string;
  method: string;
  template: string;
  parameters: Parameter[];
  requestBody?: { required?: boolean; content: MediaTypes };
  responses: { [status: string]: { content?: MediaTypes } };
}

interface Route {
  template: string;
  pattern: RegExp;
  names: string[];
  operations: Map<string, Operation>;
}

export interface Match {
  operation: Operation;
  /** Path parameters by name, URL-decoded. */
  params: Record<string, string>;
}

const METHODS = ["get", "put", "post", "patch", "delete", "head", "options"];

export class ApiDescription {
  private readonly routes: Route[] = [];
  private readonly ajv: Ajv;
  private readonly compiled = new Map<unknown, Map<Direction, ValidateFunction>>();

  constructor(document: { paths: Record<string, Record<string, unknown>>; components: { schemas: object } }) {
    this.ajv = new Ajv({ allErrors: true, verbose: true, allowUnionTypes: true, strictTypes: false });
    addFormats(this.ajv);
    // Formats protoc-gen-openapi and drf-spectacular write that ajv-formats does not define.
    this.ajv.addFormat("enum", true);
    this.ajv.addFormat("ipv4-cidr", /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/);
    this.ajv.addFormat("uint32", {
      type: "number",
      validate: (n: number) => Number.isInteger(n) && n >= 0 && n <= 0xffffffff,
    });
    this.ajv.addKeyword(FORBIDDEN_PROPERTY);
    this.ajv.addKeyword(NULLABLE_WRAPPER);
    for (const direction of ["request", "answer"] as const) {
      const definitions: Record<string, JsonSchema> = {};
      for (const [name, schema] of Object.entries(document.components.schemas)) {
        definitions[name] = toJsonSchema(schema, direction);
      }
      this.ajv.addSchema({ $id: documentId(direction), definitions });
    }
    for (const [template, item] of Object.entries(document.paths)) {
      const names = [...template.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] as string);
      const source = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "([^/]+)");
      const shared = (item.parameters as Parameter[] | undefined) ?? [];
      const operations = new Map<string, Operation>();
      for (const method of METHODS) {
        const raw = item[method] as Omit<Operation, "method" | "template"> | undefined;
        if (raw === undefined) continue;
        const parameters = [...shared, ...(raw.parameters ?? [])];
        operations.set(method.toUpperCase(), { ...raw, parameters, method: method.toUpperCase(), template });
      }
      this.routes.push({ template, pattern: new RegExp(`^${source}$`), names, operations });
    }
    // Literal segments win over parameters (`/api/agents/usage` before `/api/agents/{agent_id}`).
    this.routes.sort((a, b) => a.names.length - b.names.length);
  }

  /** The operation serving `method` on a concrete path, or why there is none. */
  find(method: string, path: string): Match | string {
    const routes = this.routes.filter((route) => route.pattern.test(path));
    if (routes.length === 0) return `no path of the API description matches ${path}`;
    for (const route of routes) {
      const operation = route.operations.get(method.toUpperCase());
      if (operation === undefined) continue;
      const values = route.pattern.exec(path)?.slice(1) ?? [];
      const params = Object.fromEntries(
        route.names.map((name, i) => [name, decodeURIComponent(values[i] ?? "")]),
      );
      return { operation, params };
    }
    return `${routes[0]?.template} has no ${method.toUpperCase()} operation in the API description`;
  }

  /** Errors of `value` against an OpenAPI schema object (inline or `$ref`) in one direction. */
  errors(schema: unknown, direction: Direction, value: unknown): ErrorObject[] {
    let byDirection = this.compiled.get(schema);
    if (byDirection === undefined) {
      byDirection = new Map();
      this.compiled.set(schema, byDirection);
    }
    let validate = byDirection.get(direction);
    if (validate === undefined) {
      validate = this.ajv.compile(toJsonSchema(schema, direction) as object);
      byDirection.set(direction, validate);
    }
    return validate(value) ? [] : withoutNullableNoise(validate.errors ?? []);
  }
}

/**
 * A value that is neither null nor valid against a `nullable` wrapper gets three errors: "must be
 * null", the inner schema's, and "must match a schema in anyOf". Only the inner one says anything.
 */
function withoutNullableNoise(errors: ErrorObject[]): ErrorObject[] {
  const marked = (error: ErrorObject) =>
    (error.parentSchema as Record<string, unknown>)?.[NULLABLE_WRAPPER] === true;
  const inner = errors.filter((error) => !marked(error));
  return errors.filter((error) => {
    if (!marked(error)) return true;
    if (error.keyword !== "anyOf") return false;
    return !inner.some((other) => other.instancePath.startsWith(error.instancePath));
  });
}

let loaded: ApiDescription | undefined;

/** The description in OPENAPI_FILE, parsed once. Throws (never skips) when the file is missing. */
export function apiDescription(): ApiDescription {
  if (loaded === undefined) {
    let text: string;
    try {
      text = readFileSync(OPENAPI_FILE, "utf8");
    } catch (error) {
      throw new Error(
        `Cannot read the Ultravox OpenAPI description at ${OPENAPI_FILE} (set ULTRAVOX_OPENAPI_FILE): ${String(error)}`,
      );
    }
    loaded = new ApiDescription(yaml.load(text) as ConstructorParameters<typeof ApiDescription>[0]);
  }
  return loaded;
}
