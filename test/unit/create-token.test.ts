import { describe, expect, it } from "vitest";
import { callFromListing } from "../../src/batch/call-fields";
import {
  CREATE_TOKEN_KEY,
  carriesCreateToken,
  createTokenFor,
  programMetadata,
  withCreateToken,
} from "../../src/batch/create-token";

describe("the create token", () => {
  it("goes into the first call's metadata only, leaving the program's body as it was", () => {
    const body = { windowEnd: "2030-01-01T00:00:00Z", calls: [{ metadata: { lead: "1" } }, { medium: {} }] };
    const before = structuredClone(body);
    const sent = withCreateToken(body, "t-1");
    expect(sent).toEqual({
      windowEnd: "2030-01-01T00:00:00Z",
      calls: [{ metadata: { lead: "1", [CREATE_TOKEN_KEY]: "t-1" } }, { medium: {} }],
    });
    expect(body).toEqual(before);
    expect(withCreateToken({ calls: [{}] }, "t-2")).toEqual({
      calls: [{ metadata: { [CREATE_TOKEN_KEY]: "t-2" } }],
    });
  });

  it("is recognised only with the exact value", () => {
    const call = { metadata: { [CREATE_TOKEN_KEY]: "t-1" } };
    expect(carriesCreateToken(call, "t-1")).toBe(true);
    expect(carriesCreateToken(call, "t-2")).toBe(false);
    expect(carriesCreateToken({ metadata: null }, "t-1")).toBe(false);
  });

  it("is dropped from a listed call, with the metadata when nothing else is left", () => {
    expect(programMetadata({ lead: "1", [CREATE_TOKEN_KEY]: "t" })).toEqual({ lead: "1" });
    expect(programMetadata({ [CREATE_TOKEN_KEY]: "t" })).toBeUndefined();
    expect(
      callFromListing({ status: "FUTURE", metadata: { [CREATE_TOKEN_KEY]: "t" }, medium: { webRtc: {} } }),
    ).toEqual({
      medium: { webRtc: {} },
    });
  });
});

describe("createTokenFor", () => {
  const URN = "urn:pulumi:dev::campaigns::pulumi-nodejs:dynamic/ultravox:ScheduledBatch::march";

  it("is the same for the same resource on every run, and differs between resources", () => {
    expect(createTokenFor(URN)).toBe(createTokenFor(URN));
    expect(createTokenFor(URN)).toMatch(/^[0-9a-f]{32}$/);
    expect(createTokenFor(`${URN}-2`)).not.toBe(createTokenFor(URN));
    expect(createTokenFor(URN.replace("pulumi:dev::", "pulumi:prod::"))).not.toBe(createTokenFor(URN));
  });

  it("carries no name in plain text", () => {
    expect(createTokenFor(URN)).not.toContain("march");
  });
});
