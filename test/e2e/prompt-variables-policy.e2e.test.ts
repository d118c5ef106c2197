import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmulatorAdmin } from "../../scripts/lib/emulator-admin";
import { PulumiProject, REPO_ROOT } from "../../scripts/lib/pulumi-project";
import { type RunningEmulator, startEmulator } from "../../src/emulator";
import { API_KEY, inDays, outgoingCall } from "./campaign";

/**
 * The guardrails pack's `prompt-variables` policy through a real `pulumi preview --policy-pack`:
 * an Agent declared in the stack (test/e2e/agent-prompt-project) and a batch under it
 * (`agentId: support.agentId`, unknown at this first preview). A call lacking a variable the
 * agent's prompt uses fails the preview, named by position and never by its number, with no
 * request; filling it lets the preview pass. Needs the `Agent` resource (branch `agent`).
 */

const PACK = path.join(REPO_ROOT, "examples", "guardrails-policy");
const PROJECT = path.join(__dirname, "agent-prompt-project");
const BATCH = "pulumi-nodejs:dynamic/ultravox:ScheduledBatch";
const NUMBER = "+14155550123";
const CALL_TEMPLATE = {
  systemPrompt: "You are calling {{customerName}} to confirm an appointment.",
  contextSchema: { type: "object", properties: { customerName: { type: "string" } } },
};
const LACKS_NAME =
  "templateContext lacks customerName, which the agent's systemPrompt uses ({{customerName}})";

let emulator: RunningEmulator;
let admin: EmulatorAdmin;
const project = new PulumiProject(PROJECT);

/** The `reminders` batch with two calls, the second with `second` as its templateContext. */
function reminders(second: Record<string, unknown>): string {
  const calls = [
    { ...outgoingCall(NUMBER), templateContext: { customerName: "Ada" } },
    { ...outgoingCall(NUMBER), templateContext: second },
  ];
  return JSON.stringify({ reminders: { windowStart: inDays(30), windowEnd: inDays(31), calls } });
}

/** Only the prompt-variables policy, mandatory (the others judge hours, size and protect). */
function onlyPromptVariables(): string {
  const file = path.join(project.scratchDir, "prompt-variables-only.json");
  const off = ["calling-hours", "max-batch-size", "webhook-secret", "running-batch-protected"];
  fs.writeFileSync(file, JSON.stringify(Object.fromEntries(off.map((rule) => [rule, "disabled"]))));
  return file;
}

beforeAll(async () => {
  emulator = await startEmulator({ clock: "manual", apiKeys: [API_KEY] });
  admin = new EmulatorAdmin(emulator);
  await project.init([
    ["ultravox:apiKey", API_KEY, true],
    ["ultravox:baseUrl", emulator.url],
    ["callTemplate", JSON.stringify(CALL_TEMPLATE)],
    ["batches", reminders({})],
  ]);
});

afterAll(async () => {
  await project.teardown();
  await emulator?.close();
});

describe("prompt variables across the stack, through the policy pack", () => {
  it("a call lacking a variable of the agent declared beside it fails the preview, with no request", async () => {
    await admin.clearJournal();
    const preview = await project.run([
      "preview",
      "--policy-pack",
      PACK,
      "--policy-pack-config",
      onlyPromptVariables(),
    ]);
    expect(preview.code, preview.output).not.toBe(0);
    expect(preview.output).toContain(`- [mandatory]  prompt-variables  (${BATCH}: reminders)`);
    expect(preview.output).toContain(`batch "reminders" under agent "support": call #2: ${LACKS_NAME}`);
    expect(preview.output).not.toContain("call #1:");
    expect(preview.output).not.toContain("4155550123");
    expect(await admin.journal()).toEqual([]);
  });

  it("the same batch with the variable filled passes", async () => {
    await project.setConfig("batches", reminders({ customerName: "Grace" }));
    const preview = await project.run([
      "preview",
      "--policy-pack",
      PACK,
      "--policy-pack-config",
      onlyPromptVariables(),
    ]);
    expect(preview.code, preview.output).toBe(0);
    expect(preview.output).not.toContain("prompt-variables  (");
  });
});
