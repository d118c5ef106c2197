import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { everyInputArgs } from "../../examples/every-input/args";
import { checkBatchArgs } from "../../src/check";

/** The examples must be valid batches, not just type-correct programs. */
describe("examples", () => {
  it("the every-input example (the README's usage example) passes check", () => {
    const result = checkBatchArgs({ ...everyInputArgs("whsec-example", "sip-example") });
    expect(result.failures).toEqual([]);
    expect(result.inputs.windowStart).toBe("2027-01-15T14:00:00Z");
    expect((result.inputs.calls as unknown[]).length).toBe(8);
  });

  it("the README shows the every-input example as it is in the repo", () => {
    const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
    const source = fs.readFileSync(
      path.join(__dirname, "..", "..", "examples", "every-input", "args.ts"),
      "utf8",
    );
    expect(readme).toContain(source.trim());
  });
});
