import * as path from "node:path";
import type { ScheduledBatchArgs } from "pulumi-ultravox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmulatorAdmin } from "../../scripts/lib/emulator-admin";
import { PulumiProject } from "../../scripts/lib/pulumi-project";
import { type RunningEmulator, startEmulator } from "../../src/emulator";
import { AGENT, API_KEY, inDays, OTHER_AGENT, outgoingCall } from "./campaign";

/**
 * The provider's prompt-variable check through a real `pulumi preview` (no policy pack): a batch
 * moving to an agent whose systemPrompt uses {{customerName}} fails the preview, naming the call
 * that lacks it and never its number, with the one agent GET a preview may send and nothing else.
 * (test/e2e/guardrails-project declares the batches of its `batches` config.)
 */

const PROJECT = path.join(__dirname, "guardrails-project");
const NUMBER = "+14155550123";
const PROMPTED = {
  systemPrompt: "You are calling {{customerName}} to confirm an appointment.",
  contextSchema: { type: "object", properties: { customerName: { type: "string" } } },
};

let emulator: RunningEmulator;
let admin: EmulatorAdmin;
const project = new PulumiProject(PROJECT);

function declared(agentId: string, calls: ScheduledBatchArgs["calls"]): string {
  const args = { agentId, windowStart: inDays(30), windowEnd: inDays(31), calls };
  return JSON.stringify({ reminders: { args } });
}

beforeAll(async () => {
  emulator = await startEmulator({
    clock: "manual",
    apiKeys: [API_KEY],
    agentCallTemplates: { [OTHER_AGENT]: PROMPTED },
  });
  admin = new EmulatorAdmin(emulator);
  const calls = [{ ...outgoingCall(NUMBER), templateContext: { customerName: "Ada" } }, outgoingCall(NUMBER)];
  await project.init([
    ["ultravox:apiKey", API_KEY, true],
    ["ultravox:baseUrl", emulator.url],
    ["batches", declared(AGENT, calls)],
  ]);
});

afterAll(async () => {
  await project.teardown();
  await emulator?.close();
});

describe("prompt variables at preview, through the provider", () => {
  it("a batch moving to an agent whose prompt its calls do not fill fails the preview", async () => {
    const up = await project.run(["up", "--yes", "--skip-preview"]);
    expect(up.code, up.output).toBe(0);

    const calls = [
      { ...outgoingCall(NUMBER), templateContext: { customerName: "Ada" } },
      outgoingCall(NUMBER),
    ];
    await project.setConfig("batches", declared(OTHER_AGENT, calls));
    await admin.clearJournal();
    const preview = await project.run(["preview"]);
    expect(preview.code, preview.output).not.toBe(0);
    expect(preview.output).toContain(
      `calls: the templateContext of these calls does not fit agent ${OTHER_AGENT}'s call template`,
    );
    expect(preview.output).toContain(
      "call #2: templateContext lacks customerName, which the agent's systemPrompt uses ({{customerName}})",
    );
    expect(preview.output).not.toContain("call #1:");
    expect(preview.output).not.toContain("4155550123");
    expect(await admin.requests()).toEqual([`GET /api/agents/${OTHER_AGENT}`]);
  });
});
