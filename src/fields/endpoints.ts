/**
 * Where a resource lives on the API, from its definition: the collection path (parents filled in),
 * the item path (its id after it), and what a 404 on either means.
 */
import type { PathSegment } from "../http/endpoint-urls";
import type { ResourceDefinition } from "./definition";

/** The collection's path segments, each `{parent}` replaced by that parent's id. */
export function collectionPath(
  def: ResourceDefinition,
  parents: Readonly<Record<string, string>>,
): PathSegment[] {
  return def.collection.map((segment) => {
    const parent = /^\{(.+)\}$/.exec(segment)?.[1];
    if (parent === undefined) return segment;
    const id = parents[parent];
    if (id === undefined) throw new Error(`${def.kind}: no ${parent} to build its path`);
    return { name: parent, id };
  });
}

/** One resource's path segments, with any sub-collection after it. */
export function itemPath(
  def: ResourceDefinition,
  parents: Readonly<Record<string, string>>,
  id: string,
  ...sub: string[]
): PathSegment[] {
  return [...collectionPath(def, parents), { name: def.identity.id, id }, ...sub];
}

/** `/agents/{agentId}` -> "agent": what a parent is called in messages. */
const parentNoun = (parent: string) => parent.replace(/Id$/, "");

/** What a 404 on one of the resource's paths means, for the error message. */
export function notFoundHint(def: ResourceDefinition): (path: string) => string {
  const collection = def.collection
    .map((segment) => (segment.startsWith("{") ? "[^/?]+" : segment))
    .join("/");
  const item = new RegExp(`/${collection}/[^/?]+`);
  const parents = def.identity.parents;
  return (path) => {
    if (item.test(path)) return `the ${def.noun} no longer exists; run \`pulumi refresh\``;
    if (parents.length === 0) return "the API has no such path; check ultravox:baseUrl / ULTRAVOX_BASE_URL";
    return `the ${parents.map(parentNoun).join(" or ")} does not exist or this API key cannot see it; check ${parents.join(", ")}`;
  };
}
