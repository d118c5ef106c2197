import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmulatorAdmin } from "../../scripts/lib/emulator-admin";
import { PulumiProject, REPO_ROOT } from "../../scripts/lib/pulumi-project";
import { type RunningEmulator, startEmulator } from "../../src/emulator";

/**
 * Bad input through the plugin door fails at preview, naming the property, with no request sent:
 * plain `pulumi preview` in examples/yaml-campaign with a bad config value, then without an API key.
 */

const API_KEY = "e2eplugval.abcdefghijklmnopqrstuvwxyz0123";

let emulator: RunningEmulator;
let admin: EmulatorAdmin;

beforeAll(async () => {
  emulator = await startEmulator({ clock: "manual", apiKeys: [API_KEY] });
  admin = new EmulatorAdmin(emulator);
});

afterAll(async () => {
  await emulator?.close();
});

describe("examples/yaml-campaign with bad input", () => {
  const project = new PulumiProject(path.join(REPO_ROOT, "examples", "yaml-campaign"));

  beforeAll(async () => {
    await project.init([["ultravox:baseUrl", emulator.url]]);
  });

  afterAll(async () => {
    await project.teardown();
  });

  it("without an API key, preview fails saying how to set one, before any request", async () => {
    await admin.clearJournal();
    const result = await project.run(["preview"]);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("pulumi config set --secret ultravox:apiKey");
    expect(await admin.journal()).toEqual([]);
  });

  it("a malformed agentId fails the preview naming agentId and the value, before any request", async () => {
    await project.setConfig("ultravox:apiKey", API_KEY, true);
    await project.setConfig("agentId", "not-an-agent");
    await admin.clearJournal();
    const result = await project.run(["preview"]);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(
      "property agentId value {not-an-agent} has a problem: must be the id of an Ultravox agent (a UUID)",
    );
    expect(result.output).not.toContain(API_KEY);
    expect(await admin.journal()).toEqual([]);
  });
});
