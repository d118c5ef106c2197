import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { withCallsFile } from "../../../src/resource/calls-file-lifecycle";
import type { Diffed } from "../../../src/resource/lifecycle-type";

type Props = Record<string, unknown>;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "calls-file-lc-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const COLUMNS = {
  columns: { "medium.twilio.outgoing.to": "phone" },
  fixed: { "medium.twilio.outgoing.from": "+14155550100" },
};
const asset = (file: string, hash: string) => ({
  "4dabf18193072939515e22adb298388d": "c44067f5952c0a294b673a41bacd8c17",
  path: file,
  hash,
});

/** A core that records what it was given. */
function recordingCore() {
  const seen: { op: string; props: Props[] }[] = [];
  const core = {
    configure: async () => {},
    check: async (olds: Props, news: Props) => {
      seen.push({ op: "check", props: [olds, news] });
      return { inputs: news, failures: [] };
    },
    diff: async (_id: string, olds: Props, news: Props): Promise<Diffed> => {
      seen.push({ op: "diff", props: [olds, news] });
      const changes = olds.calls !== news.calls;
      return {
        changes,
        replaces: [],
        deleteBeforeReplace: true,
        changedFields: changes ? ["calls"] : [],
        warnings: [],
      };
    },
    create: async (inputs: Props) => {
      seen.push({ op: "create", props: [inputs] });
      return { id: "b1", outs: { ...inputs, batchId: "b1" } };
    },
    read: async (id: string, props?: Props) => ({ id, props: props ?? {} }),
    update: async (_id: string, olds: Props, news: Props) => {
      seen.push({ op: "update", props: [olds, news] });
      return { outs: news };
    },
    delete: async () => {},
  };
  return { core, seen };
}

describe("a batch with its calls from a file", () => {
  it("check refuses calls and callsFile together", async () => {
    const { core } = recordingCore();
    const result = await withCallsFile(core).check({}, { calls: "x", callsFile: asset("a.csv", "h") });
    expect(result.failures).toEqual([
      { property: "callsFile", reason: "set either calls or callsFile, not both" },
    ]);
  });

  it("check names file:line of a bad row, with the number masked", async () => {
    const file = path.join(dir, "bad.csv");
    fs.writeFileSync(file, "phone\n+14155550123\n555 0199 oops\n");
    const { core } = recordingCore();
    const result = await withCallsFile(core).check(
      {},
      { callsFile: asset(file, "h"), callsFileColumns: COLUMNS },
    );
    const [failure] = (result.failures ?? []) as { property: string; reason: string }[];
    expect(failure?.property).toBe("callsFile");
    expect(failure?.reason).toMatch(/^bad\.csv:3: medium\.twilio\.outgoing\.to/);
    expect(JSON.stringify(result.failures)).not.toContain("5550199");
  });

  it("an unchanged file is not read again: check works with the file gone", async () => {
    const file = path.join(dir, "gone.csv");
    fs.writeFileSync(file, "phone\n+14155550123\n");
    const { core, seen } = recordingCore();
    const lifecycle = withCallsFile(core);
    const news = { agentId: "a", callsFile: asset(file, "h1"), callsFileColumns: COLUMNS };
    const first = await lifecycle.check({}, news);
    fs.rmSync(file);
    const again = await lifecycle.check(first.inputs ?? {}, news);
    expect(again.failures).toEqual([]);
    expect(again.inputs).toMatchObject({
      callsFileDigest: "h1",
      callsFileCount: 1,
      callsFileModes: ["outgoing"],
    });
    // The core saw a stand-in list, never the person.
    expect(JSON.stringify(seen)).not.toContain("+14155550123");
  });

  it("create sends the file's calls as inline calls, and state keeps no call", async () => {
    const file = path.join(dir, "c.csv");
    fs.writeFileSync(file, "phone\n+14155550123\n+14155550124\n");
    const { core, seen } = recordingCore();
    const lifecycle = withCallsFile(core);
    const { inputs } = await lifecycle.check({}, { callsFile: asset(file, "h1"), callsFileColumns: COLUMNS });
    const created = await lifecycle.create(inputs ?? {});
    const sent = seen.find((s) => s.op === "create")?.props[0]?.calls as {
      medium: { twilio: { outgoing: { to: string } } };
    }[];
    expect(sent.map((call) => call.medium.twilio.outgoing.to)).toEqual(["+14155550123", "+14155550124"]);
    expect(JSON.stringify(created.outs)).not.toContain("4155550123");
    expect(created.outs).toMatchObject({ callsFileCount: 2, callsFileDigest: "h1" });
    expect(typeof (created.outs as Record<string, unknown>).callsFileFingerprints).toBe("string");
  });

  it("an unchanged file's update carries no calls; a changed one sends them all", async () => {
    const file = path.join(dir, "u.csv");
    fs.writeFileSync(file, "phone\n+14155550123\n");
    const { core, seen } = recordingCore();
    const lifecycle = withCallsFile(core);
    const checked =
      (await lifecycle.check({}, { callsFile: asset(file, "h1"), callsFileColumns: COLUMNS })).inputs ?? {};
    const outs = (await lifecycle.create(checked)).outs ?? {};
    await lifecycle.update("b1", outs, { ...checked, paused: true });
    const same = seen.filter((s) => s.op === "update")[0]?.props ?? [];
    expect(same[0]?.calls).toBe(same[1]?.calls); // equal stand-ins: the core's PATCH has no calls
    fs.writeFileSync(file, "phone\n+14155550999\n");
    const changed =
      (await lifecycle.check(checked, { callsFile: asset(file, "h2"), callsFileColumns: COLUMNS })).inputs ??
      {};
    const review = await lifecycle.diff("b1", outs, changed);
    expect(review.warnings.join("\n")).toContain("u.csv:2 (+1 415 ***-0999)");
    expect(review.warnings.join("\n")).toContain("1 removed or changed");
    await lifecycle.update("b1", outs, changed);
    const sent = seen.filter((s) => s.op === "update")[1]?.props[1]?.calls;
    expect(JSON.stringify(sent)).toContain("+14155550999");
  });

  it("a changed mapping (a new caller id) sends the calls again, the file unchanged", async () => {
    const file = path.join(dir, "m.csv");
    fs.writeFileSync(file, "phone\n+14155550123\n");
    const { core, seen } = recordingCore();
    const lifecycle = withCallsFile(core);
    const checked =
      (await lifecycle.check({}, { callsFile: asset(file, "h1"), callsFileColumns: COLUMNS })).inputs ?? {};
    const outs = (await lifecycle.create(checked)).outs ?? {};
    const columns = { ...COLUMNS, fixed: { "medium.twilio.outgoing.from": "+14155550199" } };
    const news =
      (await lifecycle.check(checked, { callsFile: asset(file, "h1"), callsFileColumns: columns })).inputs ??
      {};
    expect((await lifecycle.diff("b1", outs, news)).changes).toBe(true);
    await lifecycle.update("b1", outs, news);
    const sent = seen.filter((s) => s.op === "update")[0]?.props[1]?.calls;
    expect(JSON.stringify(sent)).toContain("+14155550199");
  });
});

describe("a batch with neither calls nor callsFile", () => {
  it("fails naming both ways out", async () => {
    const core = {
      ...recordingCore().core,
      check: async (_olds: Props, news: Props) => ({
        inputs: news,
        failures: [{ property: "calls", reason: "is required" }],
      }),
    };
    const result = await withCallsFile(core).check({}, { agentId: "a" });
    expect(result.failures).toEqual([
      { property: "calls", reason: "is required: set calls, or callsFile (a CSV or JSON Lines file asset)" },
    ]);
  });
});
