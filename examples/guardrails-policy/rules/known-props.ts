/**
 * The resources of a stack policy as plain data. At preview a value that depends on another
 * resource's output is unknown, and reading it through @pulumi/policy's props throws
 * UnknownValueError, which would skip the whole stack policy: each value is read on its own, and an
 * unknown one becomes PENDING, so a rule can still judge what is known.
 */
import { type PolicyResource, UnknownValueError } from "@pulumi/policy";
import { PENDING, type StackResource } from "./prompt-variables";

function known(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  const source = value as Record<string, unknown>;
  const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
  for (const key of Object.keys(source)) {
    let item: unknown;
    try {
      item = source[key];
    } catch (error) {
      if (!(error instanceof UnknownValueError)) throw error;
      item = PENDING;
    }
    (copy as Record<string, unknown>)[key] = known(item);
  }
  return copy;
}

/** The stack's resources with their props read as plain data (PENDING where unknown). */
export function stackResources(resources: readonly PolicyResource[]): StackResource[] {
  const byUrn = new Map<string, StackResource>();
  for (const r of resources) {
    byUrn.set(r.urn, {
      type: r.type,
      name: r.name,
      urn: r.urn,
      props: known(r.props) as Record<string, unknown>,
      propertyDependencies: {},
    });
  }
  for (const r of resources) {
    const mine = byUrn.get(r.urn)!;
    for (const [key, deps] of Object.entries(r.propertyDependencies)) {
      mine.propertyDependencies[key] = deps.map((d) => byUrn.get(d.urn)).filter((d) => d !== undefined);
    }
  }
  return [...byUrn.values()];
}
