/**
 * The engine's resource requests decoded from their protobuf bytes straight into plain props. The
 * generated classes build a message object for every value of a Struct: a Check carrying 100,000
 * calls as a typed list (16 MB on the wire) became 880 MB of heap, and `toJavaScript` then copied
 * it once more. Reading the same bytes with google-protobuf's own BinaryReader builds only the
 * plain values, in the form `toJavaScript` gives (keys sorted, as its map iteration sorts them).
 */
import type * as grpc from "@grpc/grpc-js";
import type { BinaryReader } from "google-protobuf";
import { encodeResponse, PlainResponse } from "./plain-responses";
import { rememberMarked } from "./program-secrets";
import { jspb } from "./sdk-modules";

type Props = Record<string, unknown>;

/** What the handlers read of a resource request; a field the request lacks keeps its default. */
export interface PlainRequest {
  id: string;
  urn: string;
  type: string;
  olds: Props;
  news: Props;
  properties: Props;
  inputs: Props;
  /** Diff's `ignoreChanges` paths. */
  ignoreChanges: string[];
}

type StringField = "id" | "urn" | "type";
type StructField = "olds" | "news" | "properties" | "inputs";

/** provider.proto's field numbers of what each handler reads (other fields are skipped unread). */
const FIELDS: Record<string, Partial<Record<StringField | StructField | "ignoreChanges", number>>> = {
  check: { urn: 1, olds: 2, news: 3, type: 7 },
  diff: { id: 1, urn: 2, olds: 3, news: 4, ignoreChanges: 5 },
  create: { urn: 1, properties: 2, type: 6 },
  read: { id: 1, urn: 2, properties: 3, inputs: 4 },
  update: { id: 1, urn: 2, olds: 3, news: 4 },
  delete: { id: 1, urn: 2, properties: 3 },
};

/** Reads one nested message with `read`, leaving the reader after it. */
function nested<T>(reader: BinaryReader, read: (reader: BinaryReader) => T): T {
  let value: T | undefined;
  reader.readMessage({}, (_: unknown, inner: BinaryReader) => {
    value = read(inner);
  });
  return value as T;
}

/** google.protobuf.Value: a oneof, the last field read wins. */
function readValue(reader: BinaryReader): unknown {
  let value: unknown;
  let set = false;
  while (reader.nextField() && !reader.isEndGroup()) {
    switch (reader.getFieldNumber()) {
      case 1:
        reader.readEnum();
        value = null;
        break;
      case 2:
        value = reader.readDouble();
        break;
      case 3:
        value = reader.readString();
        break;
      case 4:
        value = reader.readBool();
        break;
      case 5:
        value = nested(reader, readStruct);
        break;
      case 6:
        value = nested(reader, readList);
        break;
      default:
        reader.skipField();
        continue;
    }
    set = true;
  }
  // A Value with no kind set: toJavaScript throws the same.
  if (!set) throw new Error("Unexpected struct type");
  return value;
}

function readList(reader: BinaryReader): unknown[] {
  const values: unknown[] = [];
  while (reader.nextField() && !reader.isEndGroup()) {
    if (reader.getFieldNumber() === 1) values.push(nested(reader, readValue));
    else reader.skipField();
  }
  return values;
}

/** google.protobuf.Struct: map<string, Value> as repeated entries { 1: key, 2: value }. */
export function readStruct(reader: BinaryReader): Props {
  const entries = new Map<string, unknown>();
  while (reader.nextField() && !reader.isEndGroup()) {
    if (reader.getFieldNumber() !== 1) {
      reader.skipField();
      continue;
    }
    reader.readMessage({}, (_: unknown, entry: BinaryReader) => {
      let key = "";
      let value: unknown;
      let hasValue = false;
      while (entry.nextField() && !entry.isEndGroup()) {
        if (entry.getFieldNumber() === 1) key = entry.readString();
        else if (entry.getFieldNumber() === 2) {
          value = nested(entry, readValue);
          hasValue = true;
        } else entry.skipField();
      }
      if (!hasValue) throw new Error("Unexpected struct type");
      entries.set(key, value);
    });
  }
  // fromEntries defines each key as an own property: `props["__proto__"] = v` would set the
  // prototype instead, and the key would vanish from what check sees.
  return Object.fromEntries([...entries.keys()].sort().map((key) => [key, entries.get(key)]));
}

/** Decodes one request of `method` (a key of FIELDS). */
export function decodeRequest(method: string, bytes: Uint8Array): PlainRequest {
  const numbers = FIELDS[method] ?? {};
  const byNumber = new Map(
    Object.entries(numbers).map(([name, n]) => [n, name as StringField | StructField | "ignoreChanges"]),
  );
  const request: PlainRequest = {
    id: "",
    urn: "",
    type: "",
    olds: {},
    news: {},
    properties: {},
    inputs: {},
    ignoreChanges: [],
  };
  const reader = new jspb.BinaryReader(bytes);
  while (reader.nextField() && !reader.isEndGroup()) {
    const name = byNumber.get(reader.getFieldNumber());
    if (name === "id" || name === "urn" || name === "type") request[name] = reader.readString();
    else if (name === "ignoreChanges") request.ignoreChanges.push(reader.readString());
    else if (name !== undefined) request[name] = nested(reader, readStruct);
    else reader.skipField();
  }
  return request;
}

/**
 * The provider service definition with the resource requests decoded into PlainRequests (the
 * handlers of those methods take them) and PlainResponses encoded (plain-responses.ts); every
 * other method, and every other response, keeps the generated classes.
 */
export function withPlainMessages(service: grpc.ServiceDefinition): grpc.ServiceDefinition {
  for (const method of Object.keys(FIELDS)) {
    if (!(method in service)) throw new Error(`the provider service has no method ${method}`);
  }
  return Object.fromEntries(
    Object.entries(service).map(([method, definition]) => [
      method,
      method in FIELDS
        ? {
            ...definition,
            requestDeserialize: (bytes: Buffer) => {
              const request = decodeRequest(method, bytes);
              // Before any handler reveals them: failures, errors and logs scrub these values.
              rememberMarked(request.olds, request.news, request.properties, request.inputs);
              return request;
            },
            responseSerialize: (value: unknown) =>
              value instanceof PlainResponse ? encodeResponse(value) : definition.responseSerialize(value),
          }
        : definition,
    ]),
  );
}
