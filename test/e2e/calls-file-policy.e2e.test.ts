import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { EmulatorAdmin } from "../../scripts/lib/emulator-admin";
import { PulumiProject, REPO_ROOT } from "../../scripts/lib/pulumi-project";
import { AGENT } from "./campaign";
import { journaledEmulator } from "./journaled-emulator";

/**
 * The guardrails policy pack reads a file batch's calls from the same file the provider reads
 * (`callsFilePath`, relative to the project directory, the analyzer's working directory): calling
 * hours see every number of the CSV in `pulumi preview --policy-pack`, with no request sent.
 */

const API_KEY = "e2etest1.abcdefghijklmnopqrstuvwxyz012345";
const PACK = path.join(REPO_ROOT, "examples", "guardrails-policy");
const { emulator } = journaledEmulator(API_KEY);
const project = new PulumiProject(path.join(__dirname, "calls-file-project"));
const fileName = `policy-contacts-${project.stack}.csv`;
const filePath = path.join(project.dir, fileName);

beforeAll(async () => {
  // 05:00Z-07:00Z on 2030-01-15 is 21:00-23:00 on the 14th in San Francisco, 00:00-02:00 in New York.
  fs.writeFileSync(filePath, "phone,account\n+12125550123,a-1\n+14155550123,a-2\n");
  await project.init([
    ["ultravox:apiKey", API_KEY, true],
    ["ultravox:baseUrl", emulator().url],
  ]);
  await project.setConfig("agentId", AGENT);
  await project.setConfig("callerId", "+14155550100");
  await project.setConfig("callsFile", fileName);
  await project.setConfig("windowStart", "2030-01-15T05:00:00Z");
  await project.setConfig("windowEnd", "2030-01-15T07:00:00Z");
}, 600_000);

afterAll(async () => {
  await project.teardown();
  fs.rmSync(filePath, { force: true });
}, 600_000);

it("calling hours see every number of the file, and the preview fails before any request", async () => {
  const admin = new EmulatorAdmin(emulator());
  await admin.clearJournal();
  const result = await project.run(["preview", "--policy-pack", PACK]);
  expect(result.code, result.output).not.toBe(0);
  expect(result.output).toContain("calling-hours");
  expect(result.output).toContain("America/New_York");
  expect(result.output).toContain("America/Los_Angeles");
  expect(result.output).not.toContain("cannot be read");
  expect(await admin.requests()).toEqual([]);
}, 600_000);
