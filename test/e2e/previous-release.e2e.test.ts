import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmulatorAdmin } from "../../scripts/lib/emulator-admin";
import { PulumiProject, type StateResource } from "../../scripts/lib/pulumi-project";
import { type RunningEmulator, startEmulator } from "../../src/emulator";
import { API_KEY } from "./campaign";
import {
  PREVIOUS_RELEASE_DIR,
  PREVIOUS_RELEASE_PROJECT,
  PREVIOUS_RELEASE_STACK,
} from "./fixtures/previous-release";

/**
 * A stack the previous release wrote (fixtures/make-previous-release.ts, at commit 6aa8a9b, before
 * the core moved to src/resource/): its state holds the serialized forwarders, which load
 * `pulumi-ultravox/lifecycle` and `pulumi-ultravox/throttle-lifecycle` by name. `pulumi refresh`
 * and `pulumi destroy` run those stored forwarders (not the program), so they prove that the
 * package's export names still lead to a working lifecycle.
 */

const FIXTURE_URL = /http:\/\/127\.0\.0\.1:\d+/g;
const AGENT = "11111111-2222-4333-8444-666666666666";

describe("a stack written by the previous release", () => {
  let emulator: RunningEmulator;
  let admin: EmulatorAdmin;
  let project: PulumiProject;
  let scratch: string;
  let saved: StateResource[];

  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "previous-release-"));
    const emulatorState = path.join(scratch, "emulator.json");
    fs.copyFileSync(path.join(PREVIOUS_RELEASE_DIR, "emulator-state.json"), emulatorState);
    emulator = await startEmulator({ clock: "manual", apiKeys: [API_KEY], stateFile: emulatorState });
    admin = new EmulatorAdmin(emulator);
    project = new PulumiProject(PREVIOUS_RELEASE_PROJECT);
    await project.ok("stack", "init");
    // The saved config holds the salt the saved deployment's secrets were encrypted with.
    fs.copyFileSync(path.join(PREVIOUS_RELEASE_DIR, "Pulumi.stack.yaml"), project.configFile);
    await project.setConfig("ultravox:baseUrl", emulator.url);
    // Refresh and destroy configure the provider from state: it must name this run's emulator.
    const deployment = fs
      .readFileSync(path.join(PREVIOUS_RELEASE_DIR, "deployment.json"), "utf8")
      .replaceAll(`urn:pulumi:${PREVIOUS_RELEASE_STACK}::`, `urn:pulumi:${project.stack}::`)
      .replaceAll(`e2e-previous-release-${PREVIOUS_RELEASE_STACK}`, `e2e-previous-release-${project.stack}`)
      .replace(FIXTURE_URL, emulator.url);
    const file = path.join(scratch, "deployment.json");
    fs.writeFileSync(file, deployment);
    await project.ok("stack", "import", "--file", file);
    saved = (await project.resources()).filter((r) => r.type.startsWith("pulumi-nodejs:dynamic/"));
  });

  afterAll(async () => {
    await project?.teardown();
    await emulator?.close();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it("holds the stored forwarders that load the package's lifecycles by name", () => {
    const forwarders = saved.map((r) => String(r.inputs?.__provider));
    expect(saved.map((r) => r.type).sort()).toEqual([
      "pulumi-nodejs:dynamic/ultravox:CallThrottle",
      "pulumi-nodejs:dynamic/ultravox:ScheduledBatch",
    ]);
    expect(forwarders.join("\n")).toContain('require("pulumi-ultravox/lifecycle")');
    expect(forwarders.join("\n")).toContain('require("pulumi-ultravox/throttle-lifecycle")');
  });

  it("refreshes with no change, reading both resources and writing nothing", async () => {
    await admin.clearJournal();
    const refreshed = await project.refresh("--expect-no-changes");
    expect(refreshed.stdout).toMatch(/3 unchanged/);
    const sent = await admin.requests();
    expect(sent.filter((line) => !line.startsWith("GET "))).toEqual([]);
    const throttle = saved.find((r) => r.type.endsWith("CallThrottle"));
    const batch = saved.find((r) => r.type.endsWith("ScheduledBatch"));
    expect(sent).toContain(`GET /api/call_throttles/${throttle?.id}`);
    expect(sent).toContain(`GET /api/agents/${AGENT}/scheduled_batches/${batch?.id}`);
    const after = await project.resources();
    expect(after.map((r) => r.id)).toEqual(expect.arrayContaining([throttle?.id, batch?.id]));
  });

  it("destroys both: one DELETE each, the batch before its throttle", async () => {
    await admin.clearJournal();
    await project.destroy();
    const deletes = (await admin.requests()).filter((line) => line.startsWith("DELETE "));
    const throttle = saved.find((r) => r.type.endsWith("CallThrottle"));
    const batch = saved.find((r) => r.type.endsWith("ScheduledBatch"));
    expect(deletes).toEqual([
      `DELETE /api/agents/${AGENT}/scheduled_batches/${batch?.id}`,
      `DELETE /api/call_throttles/${throttle?.id}`,
    ]);
    expect((await admin.batch(AGENT, batch!.id!)).status).toBe(404);
    expect((await admin.request("GET", `/api/call_throttles/${throttle?.id}`)).status).toBe(404);
    expect(await project.resources()).toEqual([]);
  });
});
