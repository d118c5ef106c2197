import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { batchOf, callCount } from "../../examples/guardrails-policy/rules/batch";
import { batchSizeViolations } from "../../examples/guardrails-policy/rules/batch-size";
import {
  callingHoursRange,
  callingHoursViolations,
} from "../../examples/guardrails-policy/rules/calling-hours";

const DYNAMIC = "pulumi-nodejs:dynamic/ultravox:ScheduledBatch";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-calls-file-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const COLUMNS = {
  columns: { "medium.twilio.outgoing.to": "phone" },
  fixed: { "medium.twilio.outgoing.from": "+14155550100" },
};
// 05:00Z-07:00Z on 2030-01-15 is 21:00-23:00 on the 14th in San Francisco, 00:00-02:00 in New York.
const EVENING = { windowStart: "2030-01-15T05:00:00Z", windowEnd: "2030-01-15T07:00:00Z" };

/** A file batch's inputs as its check returns them: no calls, the file's path and mapping. */
function fileBatch(file: string, text: string) {
  fs.writeFileSync(path.join(dir, file), text);
  const props = {
    ...EVENING,
    callsFile: { hash: "h" },
    callsFilePath: file,
    callsFileColumns: COLUMNS,
    callsFileCount: 2,
  };
  const batch = batchOf(DYNAMIC, props, [], dir);
  if (!batch) throw new Error("not a batch");
  return batch;
}

describe("the guardrails read a batch's calls file", () => {
  it("calling hours see every number of a CSV file", () => {
    const batch = fileBatch("contacts.csv", "phone\n+14155550123\n+12125550123\n");
    expect(callCount(batch)).toBe(2);
    const violations = callingHoursViolations(batch, callingHoursRange({}));
    expect(violations.join("\n")).toContain("America/Los_Angeles");
    expect(violations.join("\n")).toContain("America/New_York");
  });

  it("batch size counts the rows of a JSON Lines file", () => {
    const call = { medium: { twilio: { outgoing: { to: "+14155550123", from: "+14155550100" } } } };
    const batch = fileBatch(
      "calls.jsonl",
      `${JSON.stringify(call)}\n${JSON.stringify(call)}\n${JSON.stringify(call)}\n`,
    );
    expect(batchSizeViolations(batch, { maxCalls: 2 })).toEqual([
      "the batch has 3 calls, more than the 2 allowed (maxCalls)",
    ]);
  });

  it("a missing file is unreadable, not an empty batch", () => {
    const batch = batchOf(
      DYNAMIC,
      { ...EVENING, callsFilePath: "gone.csv", callsFileColumns: COLUMNS },
      [],
      dir,
    );
    expect(batch?.calls).toMatchObject({ unreadable: expect.stringContaining("gone.csv cannot be read") });
  });
});
