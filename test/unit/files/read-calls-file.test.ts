import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readCallsFile } from "../../../src/files/read-calls-file";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "calls-file-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  fs.writeFileSync(path.join(dir, name), text);
  return name;
}

const columns = {
  columns: { "medium.twilio.outgoing.to": "phone", "templateContext.firstName": "first_name" },
  fixed: { "medium.twilio.outgoing.from": "+14155550100" },
};

describe("readCallsFile", () => {
  it("maps CSV columns onto call paths, naming each call file:line", () => {
    const name = write("contacts.csv", "phone,first_name\n+14155550123,Ada\n\n+14155550124,Alan\n");
    const { calls, failures } = readCallsFile(name, columns, dir);
    expect(failures).toEqual([]);
    expect(calls).toEqual([
      {
        where: "contacts.csv:2",
        call: {
          medium: { twilio: { outgoing: { to: "+14155550123", from: "+14155550100" } } },
          templateContext: { firstName: "Ada" },
        },
      },
      expect.objectContaining({ where: "contacts.csv:4" }),
    ]);
  });

  it("reads JSON Lines rows as calls", () => {
    const name = write("calls.jsonl", '{"medium":{"webRtc":{}}}\n\n{"metadata":{"crm":"7"}}\n');
    const { calls, failures } = readCallsFile(name, undefined, dir);
    expect(failures).toEqual([]);
    expect(calls.map((c) => c.where)).toEqual(["calls.jsonl:1", "calls.jsonl:3"]);
  });

  it("names file:line and the call path of a bad row, and masks its number", () => {
    const name = write("bad.csv", "phone,first_name\n+14155550123,Ada\n4155550199 x,Bob\n");
    const { failures } = readCallsFile(name, columns, dir);
    expect(failures.length).toBeGreaterThan(0);
    expect(failures[0]).toMatch(/^bad\.csv:3: medium\.twilio\.outgoing\.to: /);
    expect(failures.join("\n")).not.toContain("4155550199");
  });

  it("names a mapped column the header lacks", () => {
    const name = write("short.csv", "number,first_name\n+14155550123,Ada\n");
    const { failures } = readCallsFile(name, columns, dir);
    expect(failures[0]).toContain(
      'short.csv:1: callsFileColumns.columns.medium.twilio.outgoing.to names column "phone"',
    );
  });

  it("refuses JSON that is not a call, an unknown extension and an empty file", () => {
    expect(readCallsFile(write("x.jsonl", "[1]\n{oops\n"), undefined, dir).failures).toEqual([
      "x.jsonl:1: must be a JSON object (a call)",
      "x.jsonl:2: is not valid JSON",
    ]);
    expect(readCallsFile(write("x.txt", "a"), undefined, dir).failures[0]).toContain(
      "cannot tell CSV from JSON Lines",
    );
    expect(readCallsFile(write("e.csv", "phone\n"), columns, dir).failures).toEqual([
      "e.csv: holds no calls (at least one is needed)",
    ]);
  });
});
