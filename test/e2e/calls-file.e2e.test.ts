import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmulatorAdmin } from "../../scripts/lib/emulator-admin";
import { PulumiProject } from "../../scripts/lib/pulumi-project";
import { AGENT } from "./campaign";
import { journaledEmulator } from "./journaled-emulator";
import { emptyYamlProject, setYamlProgram } from "./yaml-project";

/**
 * A batch whose calls come from a CSV file (`callsFile`), through both doors with plain `pulumi`
 * commands: the dynamic resource (TypeScript `pulumi.asset.FileAsset`) and the plugin (YAML
 * `fn::fileAsset`). An unchanged file previews with no change and no request; one changed row
 * previews with the count and the row's masked number, never the number; the `up` sends one PATCH;
 * state holds no number of the file.
 */

const API_KEY = "e2etest1.abcdefghijklmnopqrstuvwxyz012345";
const CALLER_ID = "+14155550100";
const { emulator } = journaledEmulator(API_KEY);
const numbers = Array.from({ length: 50 }, (_, i) => `+1415555${String(1000 + i)}`);
const csv = (rows: string[]) => `phone,account\n${rows.map((n, i) => `${n},acct-${i}`).join("\n")}\n`;
const COLUMNS = {
  columns: { "medium.twilio.outgoing.to": "phone", "metadata.account": "account" },
  fixed: { "medium.twilio.outgoing.from": CALLER_ID },
};

interface Door {
  name: string;
  /** A project whose program reads `fileName` (relative to its directory). */
  project(fileName: string): PulumiProject;
  configure(project: PulumiProject, fileName: string): Promise<void>;
}

const DOORS: Door[] = [
  {
    name: "dynamic resource (TypeScript)",
    project: () => new PulumiProject(path.join(__dirname, "calls-file-project")),
    async configure(project, fileName) {
      await project.setConfig("agentId", AGENT);
      await project.setConfig("callerId", CALLER_ID);
      await project.setConfig("callsFile", fileName);
    },
  },
  {
    name: "plugin (YAML fn::fileAsset)",
    project: () => new PulumiProject(emptyYamlProject("calls-file-yaml")),
    async configure(project, fileName) {
      setYamlProgram(project.dir, {
        resources: {
          campaign: {
            type: "ultravox:index:ScheduledBatch",
            properties: {
              agentId: AGENT,
              callsFile: { "fn::fileAsset": fileName },
              callsFileColumns: COLUMNS,
            },
          },
        },
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a YAML program's own interpolation
        outputs: { totalCount: "${campaign.totalCount}" },
      });
    },
  },
];

describe.each(DOORS)("calls from a file through the $name", (door) => {
  let project: PulumiProject;
  let fileName: string;
  let filePath: string;
  let admin: EmulatorAdmin;

  beforeAll(async () => {
    admin = new EmulatorAdmin(emulator());
    project = door.project("");
    fileName = `contacts-${project.stack}.csv`;
    filePath = path.join(project.dir, fileName);
    fs.writeFileSync(filePath, csv(numbers));
    await project.init([
      ["ultravox:apiKey", API_KEY, true],
      ["ultravox:baseUrl", emulator().url],
    ]);
    await door.configure(project, fileName);
    await project.up();
  }, 600_000);

  afterAll(async () => {
    await project?.teardown();
    if (filePath) fs.rmSync(filePath, { force: true });
  }, 600_000);

  it("creates the batch with every call of the file", async () => {
    const [batch] = await project.batches();
    expect(batch?.outputs?.totalCount).toBe(50);
    expect(batch?.outputs?.callsFileCount).toBe(50);
  }, 600_000);

  it("an unchanged file previews with no change and no request", async () => {
    await admin.clearJournal();
    const { stdout } = await project.ok("preview", "--diff");
    expect(stdout).not.toMatch(/~ .*update/);
    expect(await admin.requests()).toEqual([]);
  }, 600_000);

  it("state holds no phone number of the file, and its fingerprints are secret", async () => {
    const text = project.stateText();
    for (const number of numbers) expect(text).not.toContain(number.slice(2));
    const [batch] = await project.batches();
    expect(JSON.stringify(batch?.outputs?.callsFileFingerprints)).toContain("ciphertext");
  }, 600_000);

  it("a changed row previews with the count and the masked number, then one PATCH", async () => {
    const changed = [...numbers];
    changed[12] = "+14155559876";
    fs.writeFileSync(filePath, csv(changed));
    await admin.clearJournal();
    const preview = await project.ok("preview", "--diff");
    const out = preview.output;
    expect(out).toContain("50 calls (was 50)");
    expect(out).toContain(`${fileName}:14 (+1 415 ***-9876)`);
    expect(out).toContain("1 removed or changed");
    expect(out).not.toContain("4155559876");
    expect(await admin.requests()).toEqual([]);
    await project.up();
    const sent = (await admin.requests()).filter((line) => !line.startsWith("GET"));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/^PATCH /);
    expect(project.stateText()).not.toContain("4155559876");
  }, 600_000);

  it("once calls are placed, refresh keeps the file's summary and a changed file fails at preview", async () => {
    await admin.advanceClock(3600); // no window: the emulator places the calls
    await project.ok("refresh", "--yes", "--skip-preview");
    const [batch] = await project.batches();
    expect(batch?.outputs?.completedCount).toBeGreaterThan(0);
    expect(batch?.outputs?.callsFileCount).toBe(50);
    fs.writeFileSync(filePath, csv(numbers.slice(0, 49)));
    await admin.clearJournal();
    const preview = await project.run(["preview"]);
    expect(preview.code, preview.output).not.toBe(0);
    expect(preview.output).toContain(`changing the calls of batch ${batch?.id}, which has placed calls`);
    expect(preview.output).toContain(`allowRedialOf: "${batch?.id}"`);
    expect(await admin.requests()).toEqual([]);
  }, 600_000);
});
