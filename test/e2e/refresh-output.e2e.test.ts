import * as path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { PulumiProject, REPO_ROOT } from "../../scripts/lib/pulumi-project";
import { journaledEmulator } from "./journaled-emulator";

/**
 * What `pulumi refresh --run-program` prints when nothing changed. examples/twilio-window writes
 * its window with an offset (`-05:00`); check stores it in UTC, and the engine compared the
 * refreshed inputs with the program's own spelling: `[diff: ~windowEnd,windowStart]` above
 * "3 unchanged". The resource class now registers the stored spelling.
 */

const API_KEY = "e2erefresh.abcdefghijklmnopqrstuvwxyz0123";
const { emulator, admin } = journaledEmulator(API_KEY);
let project: PulumiProject;

beforeAll(async () => {
  project = new PulumiProject(path.join(REPO_ROOT, "examples", "twilio-window"));
  await project.init([
    ["ultravox:apiKey", API_KEY, true],
    ["ultravox:baseUrl", emulator().url],
  ]);
  await project.up();
}, 600_000);

afterAll(async () => {
  await project?.teardown();
}, 600_000);

it("a refresh of an unchanged window shows no diff line and sends one GET per resource", async () => {
  await admin().clearJournal();
  const result = await project.ok("refresh", "--yes", "--run-program");
  expect(result.stdout).not.toContain("[diff:");
  expect(result.stdout).toMatch(/3 unchanged/);
  expect((await admin().journal()).every((entry) => entry.method === "GET")).toBe(true);
}, 600_000);
