import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { EmulatorAdmin } from "../../scripts/lib/emulator-admin";
import { PulumiProject } from "../../scripts/lib/pulumi-project";
import { AGENT } from "./campaign";
import { journaledEmulator } from "./journaled-emulator";

/**
 * A batch whose calls come from a CSV file (`callsFile`) through the dynamic door, with plain
 * `pulumi` commands: an unchanged file previews with no request and no change; one changed row
 * previews as a change naming the count and the row's masked number, never the number itself; the
 * `up` sends one PATCH; state holds no number.
 */

const API_KEY = "e2etest1.abcdefghijklmnopqrstuvwxyz012345";
const { emulator } = journaledEmulator(API_KEY);
const project = new PulumiProject(path.join(__dirname, "calls-file-project"));
const fileName = `contacts-${project.stack}.csv`;
const filePath = path.join(project.dir, fileName);
const numbers = Array.from({ length: 50 }, (_, i) => `+1415555${String(1000 + i)}`);
const csv = (rows: string[]) => `phone,account\n${rows.map((n, i) => `${n},acct-${i}`).join("\n")}\n`;
let admin: EmulatorAdmin;

beforeAll(async () => {
  admin = new EmulatorAdmin(emulator());
  fs.writeFileSync(filePath, csv(numbers));
  await project.init([
    ["ultravox:apiKey", API_KEY, true],
    ["ultravox:baseUrl", emulator().url],
  ]);
  await project.setConfig("agentId", AGENT);
  await project.setConfig("callerId", "+14155550100");
  await project.setConfig("callsFile", fileName);
  await project.up();
}, 600_000);

afterAll(async () => {
  await project.teardown();
  fs.rmSync(filePath, { force: true });
}, 600_000);

it("creates the batch with every call of the file, as inline calls would be sent", async () => {
  const [batch] = await project.batches();
  expect(batch?.outputs.totalCount).toBe(50);
  expect(batch?.outputs.callsFileCount).toBe(50);
}, 600_000);

it("an unchanged file previews with no change and no request", async () => {
  await admin.clearJournal();
  const { stdout } = await project.ok("preview", "--diff");
  expect(stdout).not.toMatch(/~ .*update/);
  expect(await admin.requests()).toEqual([]);
}, 600_000);

it("state holds no phone number of the file", async () => {
  const { stdout } = await project.ok("stack", "export");
  for (const number of numbers) expect(stdout).not.toContain(number.slice(1));
}, 600_000);

it("a changed row previews with the count and the masked number, then one PATCH", async () => {
  const changed = [...numbers];
  changed[12] = "+14155559876";
  fs.writeFileSync(filePath, csv(changed));
  await admin.clearJournal();
  const preview = await project.ok("preview", "--diff");
  const out = `${preview.stdout}\n${preview.stderr}`;
  expect(out).toContain("50 calls (was 50)");
  expect(out).toContain(`${fileName}:14 (+1 415 ***-9876)`);
  expect(out).toContain("1 removed or changed");
  expect(out).not.toContain("4155559876");
  expect(await admin.requests()).toEqual([]);
  await project.up();
  const sent = (await admin.requests()).filter((line) => !line.startsWith("GET"));
  expect(sent).toHaveLength(1);
  expect(sent[0]).toMatch(/^PATCH /);
}, 600_000);
