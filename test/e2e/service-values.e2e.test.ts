import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "../../src/emulator";
import { type LatitudeProxy, startLatitudeProxy } from "../integration/latitude-proxy";
import { AGENT, API_KEY, CampaignStack, campaign, SIP_PASSWORD, WEBHOOK_SECRET } from "./campaign";

/**
 * State always decodes, through plain `pulumi` commands: a value the service holds outside the
 * program's limits (set in the dashboard) is refreshed, shown as drift, reverted by one PATCH, and
 * the stack stays refreshable and destroyable.
 */

let emulator: RunningEmulator;
let stack: CampaignStack | undefined;
let proxy: LatitudeProxy | undefined;

beforeAll(async () => {
  // Throttles named here are free text that names no call throttle; "accept" keeps them (the 400
  // the emulator gives by default is tested in test/emulator/throttle-enforcement.test.ts).
  emulator = await startEmulator({ unknownThrottle: "accept", clock: "manual", apiKeys: [API_KEY] });
});

afterAll(async () => {
  await stack?.dispose();
  await proxy?.close();
  await emulator?.close();
});

describe("a value set outside the program beyond its limits", () => {
  it("a 70-character throttle: refresh, preview shows it, up reverts it with one PATCH, destroy", async () => {
    stack = new CampaignStack(emulator);
    const batch = { ...campaign(), throttle: "gentle" };
    await stack.init(batch, { webhookSecret: WEBHOOK_SECRET, sipPassword: SIP_PASSWORD });
    await stack.project.up();
    const id = await stack.batchId();
    const path = `/api/agents/${AGENT}/scheduled_batches/${id}`;
    const seventy = "t".repeat(70);
    const { status } = await stack.admin.request("PATCH", path, { throttle: seventy });
    expect(status).toBe(200);
    await stack.admin.clearJournal();

    const refreshed = await stack.project.refresh();
    expect(refreshed.stdout).toMatch(/1 updated/);
    expect(await stack.requests()).toEqual([`GET ${path}`]);

    const previewed = await stack.project.preview("--diff");
    expect(previewed.stdout).toMatch(/~ 1 to update/);
    expect(previewed.stdout).toContain(seventy);
    expect(await stack.requests()).toEqual([]);

    await stack.project.up();
    expect((await stack.admin.journal()).map((e) => [e.method, e.body])).toEqual([
      ["PATCH", { throttle: "gentle" }],
    ]);
    expect((await stack.admin.batch(AGENT, id)).json.throttle).toBe("gentle");

    await stack.admin.clearJournal();
    const again = await stack.project.refresh();
    expect(again.stdout).not.toMatch(/updated/);
    expect(await stack.requests()).toEqual([`GET ${path}`]);

    const destroyed = await stack.project.destroy();
    expect(destroyed.stdout).toMatch(/2 deleted/);
    expect(await stack.requests()).toEqual([`DELETE ${path}`]);
    expect((await stack.admin.batch(AGENT, id)).status).toBe(404);
  }, 300_000); // seven CLI commands on a shared machine
});

describe("a key the service leaves out of its answer", () => {
  it("keeps the stored value: refresh records no change, and preview and up send nothing", async () => {
    await stack?.dispose();
    stack = new CampaignStack(emulator);
    proxy = await startLatitudeProxy(emulator.url);
    await stack.init({ ...campaign(), throttle: "gentle" }, { webhookSecret: WEBHOOK_SECRET });
    // The program talks to the service through a proxy that may leave keys out of its answers.
    await stack.project.setConfig("ultravox:baseUrl", proxy.url);
    await stack.project.up();
    const id = await stack.batchId();
    const path = `/api/agents/${AGENT}/scheduled_batches/${id}`;
    // The published schema requires neither `throttle` nor `webhookUrl` in a batch answer.
    proxy.rewrite = ({ method, path: answered, status, json }) => {
      if (method !== "GET" || status !== 200 || answered !== path) return json;
      const { throttle: _throttle, webhookUrl: _webhookUrl, ...rest } = json as Record<string, unknown>;
      return rest;
    };
    await stack.admin.clearJournal();

    await stack.project.refresh();
    expect(await stack.requests()).toEqual([`GET ${path}`]);
    const [refreshed] = await stack.project.batches();
    expect(refreshed?.outputs?.throttle).toBe("gentle");
    expect(refreshed?.outputs?.webhookUrl).toBe(campaign().webhookUrl);

    const previewed = await stack.project.preview("--diff");
    expect(previewed.stdout).not.toMatch(/to update/);
    const up = await stack.project.up();
    expect(up.stdout).not.toMatch(/updated/);
    expect(await stack.requests()).toEqual([]);
  }, 300_000);
});
