import { describe, expect, it } from "vitest";
import { batchChanges } from "../../../src/plan/batch-changes";
import type { PreviewJson } from "../../../src/plan/preview-json";
import { describeChange } from "../../../src/plan/summary";

const TYPE = "ultravox:index:ScheduledBatch";
const URN = `urn:pulumi:dev::p::${TYPE}::spring`;
const fileInputs = (digest: string, count: number) => ({
  agentId: "a",
  callsFile: { hash: digest },
  callsFilePath: "contacts.csv",
  callsFileDigest: digest,
  callsFileCount: count,
  callsFileModes: ["outgoing"],
});

describe("ultravox-plan on a batch whose calls come from a file", () => {
  it("counts the calls the file holds and calls a changed file a calls change", () => {
    const preview = {
      steps: [
        {
          op: "update",
          urn: URN,
          oldState: {
            type: TYPE,
            urn: URN,
            inputs: fileInputs("h1", 1000),
            outputs: { totalCount: 1000, completedCount: 0 },
          },
          newState: { type: TYPE, urn: URN, inputs: fileInputs("h2", 1001) },
          diffReasons: ["callsFile", "callsFileCount", "callsFileDigest"],
        },
      ],
      diagnostics: [],
    } as unknown as PreviewJson;
    const [change] = batchChanges(preview);
    expect(change?.calls).toEqual({ count: 1001 });
    expect(change?.fields).toEqual(["calls"]);
    expect(describeChange(change!)).toContain("now 1001 calls");
  });

  it("a create of a file batch says how many people it dials", () => {
    const preview = {
      steps: [{ op: "create", urn: URN, newState: { type: TYPE, urn: URN, inputs: fileInputs("h1", 250) } }],
      diagnostics: [],
    } as unknown as PreviewJson;
    expect(batchChanges(preview)[0]?.calls).toEqual({ count: 250 });
  });
});
