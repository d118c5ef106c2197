import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { describe, expect, it } from "vitest";
import { decodeRequest } from "../../src/plugin/plain-requests";
import { encodeResponse, PlainResponse } from "../../src/plugin/plain-responses";
import { structPb } from "../../src/plugin/sdk-modules";
import { SECRET_SIG } from "./plugin-process";

/**
 * The plugin decodes the engine's resource requests from bytes into plain props itself (to avoid
 * a message object per value). What the handlers see must be exactly what the generated classes'
 * toJavaScript gave: same values, same key order.
 */

const struct = (props: Record<string, unknown>) =>
  structPb.Struct.fromJavaScript(props as Parameters<typeof structPb.Struct.fromJavaScript>[0]);

const props = {
  agentId: "a1",
  paused: false,
  maxConcurrent: 2.5,
  missing: null,
  empty: {},
  none: [],
  webhookSecret: { ...SECRET_SIG, value: "s3cr3t" },
  calls: [
    { medium: { webRtc: {} }, metadata: { zeta: "z", alpha: "ä ☎ 😀" }, n: [1, -2, 1e300, true, null] },
    "a line",
    [[{ deep: [{}] }]],
  ],
};

describe("decoding the engine's requests into plain props", () => {
  it("gives Check's olds, news and type as toJavaScript does, keys sorted", () => {
    const request = new proto.CheckRequest()
      .setUrn("urn:pulumi:dev::p::ultravox:index:ScheduledBatch::b")
      .setOlds(struct({ b: 1, a: 2 }))
      .setNews(struct(props))
      .setRandomseed(new Uint8Array([1, 2, 3]))
      .setType("ultravox:index:ScheduledBatch");
    const plain = decodeRequest("check", request.serializeBinary());
    const viaClasses = proto.CheckRequest.deserializeBinary(request.serializeBinary());
    expect(plain.news).toEqual(viaClasses.getNews()?.toJavaScript());
    expect(JSON.stringify(plain.news)).toBe(JSON.stringify(viaClasses.getNews()?.toJavaScript()));
    expect(Object.keys(plain.olds)).toEqual(["a", "b"]);
    expect(plain.type).toBe("ultravox:index:ScheduledBatch");
    expect(plain.properties).toEqual({});
  });

  it("reads each method's own fields: Diff, Create, Read, Update, Delete", () => {
    const diff = new proto.DiffRequest()
      .setId("d")
      .setOlds(struct({ x: 1 }))
      .setNews(struct(props));
    expect(decodeRequest("diff", diff.serializeBinary())).toMatchObject({
      id: "d",
      olds: { x: 1 },
      news: props,
    });

    const create = new proto.CreateRequest().setProperties(struct(props)).setType("t").setPreview(true);
    expect(decodeRequest("create", create.serializeBinary())).toMatchObject({ type: "t", properties: props });

    const read = new proto.ReadRequest()
      .setId("a/b")
      .setProperties(struct({}))
      .setInputs(struct({ k: "v" }));
    expect(decodeRequest("read", read.serializeBinary())).toMatchObject({
      id: "a/b",
      properties: {},
      inputs: { k: "v" },
    });

    const update = new proto.UpdateRequest()
      .setId("u")
      .setOlds(struct({ o: 1 }))
      .setNews(struct({ n: 2 }));
    update.setIgnorechangesList(["calls"]);
    expect(decodeRequest("update", update.serializeBinary())).toMatchObject({
      id: "u",
      olds: { o: 1 },
      news: { n: 2 },
    });

    const del = new proto.DeleteRequest()
      .setId("x")
      .setProperties(struct({ agentId: "a" }))
      .setTimeout(3);
    expect(decodeRequest("delete", del.serializeBinary())).toMatchObject({
      id: "x",
      properties: { agentId: "a" },
    });
  });

  it("fails on a value with no kind, as toJavaScript does", () => {
    const bad = new structPb.Struct();
    bad.getFieldsMap().set("k", new structPb.Value());
    const bytes = new proto.CheckRequest().setNews(bad).serializeBinary();
    expect(() => decodeRequest("check", bytes)).toThrow("Unexpected struct type");
  });

  it("keeps a `__proto__` key as an ordinary key, at any depth, never as the prototype", () => {
    // JSON.parse makes `__proto__` an own key; the generated Struct classes cannot hold one.
    const news = JSON.parse('{"__proto__":"top","templateContext":{"__proto__":{"polluted":true}}}');
    const bytes = encodeResponse(new PlainResponse(new proto.CheckRequest(), { 3: news }));
    const plain = decodeRequest("check", bytes);
    expect(Object.getPrototypeOf(plain.news)).toBe(Object.prototype);
    expect(Object.keys(plain.news)).toEqual(["__proto__", "templateContext"]);
    expect(Object.getOwnPropertyDescriptor(plain.news, "__proto__")?.value).toBe("top");
    const decodedContext = plain.news.templateContext as Record<string, unknown>;
    expect(Object.getPrototypeOf(decodedContext)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(decodedContext, "__proto__")?.value).toEqual({ polluted: true });
    expect((decodedContext as { polluted?: unknown }).polluted).toBeUndefined();
  });
});

describe("encoding responses from plain props", () => {
  it("gives the bytes the generated classes read back as the same props and small fields", () => {
    const failure = new proto.CheckFailure().setProperty("calls[0]").setReason("bad");
    const response = new PlainResponse(new proto.CheckResponse().setFailuresList([failure]), { 1: props });
    const decoded = proto.CheckResponse.deserializeBinary(encodeResponse(response));
    expect(decoded.getInputs()?.toJavaScript()).toEqual(props);
    expect(decoded.getFailuresList().map((f) => [f.getProperty(), f.getReason()])).toEqual([
      ["calls[0]", "bad"],
    ]);
  });

  it("writes props as JSON carries them: undefined left out or null, non-finite numbers null", () => {
    const response = new PlainResponse(new proto.ReadResponse().setId("b"), {
      2: { gone: undefined, list: [undefined, Number.NaN, 1.5], big: 2 ** 53 },
      3: {},
    });
    const decoded = proto.ReadResponse.deserializeBinary(encodeResponse(response));
    expect(decoded.getId()).toBe("b");
    expect(decoded.getProperties()?.toJavaScript()).toEqual({ list: [null, null, 1.5], big: 2 ** 53 });
    expect(decoded.getInputs()?.toJavaScript()).toEqual({});
  });
});
