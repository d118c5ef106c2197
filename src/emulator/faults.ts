// Queue of injected faults: each matching /api/ request consumes one use of the first matching fault.
import { isPlainObject } from "./json";
import type { FaultSpec } from "./types";

export interface ActiveFault {
  id: string;
  spec: FaultSpec;
  /** Uses left. */
  remaining: number;
}

const FAULT_STATUSES = [429, 500, 502, 503, 504];

export class FaultQueue {
  private faults: ActiveFault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): string {
    const id = `fault-${this.nextId++}`;
    this.faults.push({ id, spec, remaining: spec.count ?? 1 });
    return id;
  }

  /** Takes one use of the first fault matching this request, if any. */
  take(method: string, pathname: string): FaultSpec | null {
    const match = this.faults.find((fault) => matches(fault.spec, method, pathname));
    if (!match) return null;
    match.remaining -= 1;
    if (match.remaining <= 0) this.faults = this.faults.filter((fault) => fault !== match);
    return match.spec;
  }

  list(): Array<FaultSpec & { id: string; remaining: number }> {
    return this.faults.map((fault) => ({ ...fault.spec, id: fault.id, remaining: fault.remaining }));
  }

  clear(): void {
    this.faults = [];
  }
}

function matches(spec: FaultSpec, method: string, pathname: string): boolean {
  if (spec.method !== undefined && spec.method.toUpperCase() !== method.toUpperCase()) return false;
  if (spec.path !== undefined && !new RegExp(spec.path).test(pathname)) return false;
  return true;
}

/** Checks an untrusted fault description (admin body or CLI flag); returns an error message or the spec. */
export function parseFaultSpec(value: unknown): FaultSpec | string {
  if (!isPlainObject(value)) return "A fault must be a JSON object.";
  const { kind, count, method, path } = value;
  if (count !== undefined && !(typeof count === "number" && Number.isInteger(count) && count >= 1)) {
    return "count must be a positive integer.";
  }
  if (method !== undefined && typeof method !== "string") return "method must be a string.";
  if (path !== undefined) {
    if (typeof path !== "string") return "path must be a regex source string.";
    try {
      new RegExp(path);
    } catch {
      return `path is not a valid regex: ${path}`;
    }
  }
  const filter = {
    ...(count !== undefined ? { count: count as number } : {}),
    ...(method !== undefined ? { method: method as string } : {}),
    ...(path !== undefined ? { path: path as string } : {}),
  };
  if (kind === "status") {
    const { status, retryAfter, processed } = value;
    if (typeof status !== "number" || !FAULT_STATUSES.includes(status)) {
      return `status must be one of ${FAULT_STATUSES.join(", ")}.`;
    }
    if (retryAfter !== undefined && typeof retryAfter !== "number" && typeof retryAfter !== "string") {
      return "retryAfter must be a number of seconds or an HTTP date string.";
    }
    if (processed !== undefined && typeof processed !== "boolean") return "processed must be a boolean.";
    return {
      kind,
      status: status as 429 | 500 | 502 | 503 | 504,
      ...(retryAfter !== undefined ? { retryAfter: retryAfter as number | string } : {}),
      ...(processed !== undefined ? { processed } : {}),
      ...filter,
    };
  }
  if (kind === "latency") {
    if (typeof value.ms !== "number" || value.ms < 0) return "ms must be a non-negative number.";
    return { kind, ms: value.ms, ...filter };
  }
  if (kind === "drop-before" || kind === "drop-after" || kind === "only-id") return { kind, ...filter };
  return 'kind must be one of "status", "latency", "drop-before", "drop-after", "only-id".';
}
