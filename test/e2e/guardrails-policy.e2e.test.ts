import * as fs from "node:fs";
import * as path from "node:path";
import type { ScheduledBatchArgs } from "pulumi-ultravox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmulatorAdmin } from "../../scripts/lib/emulator-admin";
import { type CommandResult, PulumiProject, REPO_ROOT } from "../../scripts/lib/pulumi-project";
import { type RunningEmulator, startEmulator } from "../../src/emulator";
import { AGENT, API_KEY, OTHER_AGENT, outgoingCall } from "./campaign";

/**
 * The guardrails policy pack (examples/guardrails-policy) as a user runs it: `pulumi preview
 * --policy-pack <dir> --policy-pack-config <file>` on test/e2e/guardrails-project, whose stack
 * declares one batch breaking each rule and one keeping them all. One preview per enforcement mode
 * exercises every rule; then the compliant batch goes up, and a replace of it is refused.
 */

const PACK = path.join(REPO_ROOT, "examples", "guardrails-policy");
const PROJECT = path.join(__dirname, "guardrails-project");
const BATCH = "pulumi-nodejs:dynamic/ultravox:ScheduledBatch";
const RULES = ["calling-hours", "max-batch-size", "webhook-secret", "running-batch-protected"];

// 17:00Z-23:00Z on 2030-01-15 is 09:00-15:00 in San Francisco and 12:00-18:00 in New York.
const DAYTIME = { windowStart: "2030-01-15T17:00:00Z", windowEnd: "2030-01-15T23:00:00Z" };
// 05:00Z-07:00Z on 2030-01-15 is 21:00-23:00 on the 14th in San Francisco.
const EVENING = { windowStart: "2030-01-15T05:00:00Z", windowEnd: "2030-01-15T07:00:00Z" };
const SF = outgoingCall("+14155550123");
const NY = outgoingCall("+12125550123");
const WEB_RTC = { medium: { webRtc: {} } };

type Declared = Record<string, { args: ScheduledBatchArgs; protect?: boolean; ignoreChanges?: string[] }>;
const batch = (args: Omit<ScheduledBatchArgs, "agentId">): ScheduledBatchArgs => ({
  agentId: AGENT,
  ...args,
});

const COMPLIANT = {
  args: batch({
    ...DAYTIME,
    webhookUrl: "https://hooks.example.com/u",
    webhookSecret: "whsec-e2e-guardrails-9d2c",
    calls: [SF, WEB_RTC],
  }),
  protect: true,
};
/** One batch breaking each rule (and only that one), and one keeping them all. */
const EVERY_RULE_BROKEN: Declared = {
  "evening-calls": { args: batch({ ...EVENING, calls: [SF] }), protect: true },
  "too-many-calls": { args: batch({ ...DAYTIME, calls: [SF, NY, NY] }), protect: true },
  "unsigned-webhook": {
    args: batch({ ...DAYTIME, webhookUrl: "https://hooks.example.com/u", calls: [SF, WEB_RTC] }),
    protect: true,
  },
  unprotected: { args: batch({ ...DAYTIME, calls: [NY] }) },
  compliant: COMPLIANT,
};

const EXPECTED: Record<string, { resource: string; message: string }> = {
  "calling-hours": {
    resource: "evening-calls",
    message:
      "calls[0] (+1 415 ***-0123): in America/Los_Angeles the window is open 21:00-23:00 local time on 2030-01-14, outside calling hours 08:00-21:00",
  },
  "max-batch-size": {
    resource: "too-many-calls",
    message: "the batch has 3 calls, more than the 2 allowed (maxCalls)",
  },
  "webhook-secret": { resource: "unsigned-webhook", message: "webhookUrl is set but webhookSecret is not" },
  "running-batch-protected": {
    resource: "unprotected",
    message: 'batch "unprotected" can still dial (not paused, window not over) but is not protected',
  },
};

let emulator: RunningEmulator;
let admin: EmulatorAdmin;
const project = new PulumiProject(PROJECT);

function packConfig(name: string, config: Record<string, unknown>): string {
  const file = path.join(project.scratchDir, `${name}.json`);
  fs.writeFileSync(file, JSON.stringify(config));
  return file;
}

function previewWithPack(configFile: string): Promise<CommandResult> {
  return project.run(["preview", "--policy-pack", PACK, "--policy-pack-config", configFile]);
}

/** The violation lines the CLI printed for one rule: `- [level]  rule  (type: resource)` and its message. */
function expectViolation(output: string, level: "mandatory" | "advisory", rule: string): void {
  const { resource, message } = EXPECTED[rule]!;
  expect(output).toContain(`- [${level}]  ${rule}  (${BATCH}: ${resource})`);
  expect(output).toContain(message);
}

beforeAll(async () => {
  emulator = await startEmulator({ clock: "manual", apiKeys: [API_KEY] });
  admin = new EmulatorAdmin(emulator);
  await project.init([
    ["ultravox:apiKey", API_KEY, true],
    ["ultravox:baseUrl", emulator.url],
    ["batches", JSON.stringify(EVERY_RULE_BROKEN)],
  ]);
});

afterAll(async () => {
  await project.run(["state", "unprotect", "--all", "--yes"]);
  await project.teardown();
  await emulator?.close();
});

describe("the guardrails policy pack through `pulumi preview --policy-pack`", () => {
  it("mandatory rules fail the preview and print each violation, without a request", async () => {
    await admin.clearJournal();
    const result = await previewWithPack(packConfig("mandatory", { "max-batch-size": { maxCalls: 2 } }));
    expect(result.code, result.output).not.toBe(0);
    for (const rule of RULES) expectViolation(result.output, "mandatory", rule);
    expect(result.output).not.toContain(`(${BATCH}: compliant)`);
    expect(result.output).not.toContain("whsec-e2e-guardrails");
    expect(result.output).not.toContain(API_KEY);
    expect(await admin.journal()).toEqual([]);
  });

  it("advisory rules let the preview pass and print each violation", async () => {
    const advisory = packConfig("advisory", {
      "calling-hours": "advisory",
      "max-batch-size": { enforcementLevel: "advisory", maxCalls: 2 },
      "webhook-secret": "advisory",
      "running-batch-protected": "advisory",
    });
    const result = await previewWithPack(advisory);
    expect(result.code, result.output).toBe(0);
    for (const rule of RULES) expectViolation(result.output, "advisory", rule);
    expect(result.output).not.toContain(`(${BATCH}: compliant)`);
  });

  it("calling hours in every zone a mobile may ring in, and at every destination of a Plivo call (issue 23)", async () => {
    const plivo = (to: string) => ({ medium: { plivo: { outgoing: { to, from: "+14155550100" } } } });
    const nightSomewhere: Declared = {
      // 08:00-21:00 in Moscow, 15:00-04:00 in Vladivostok.
      "russian-mobile": {
        args: batch({
          windowStart: "2030-01-15T05:00:00Z",
          windowEnd: "2030-01-15T18:00:00Z",
          calls: [outgoingCall("+79141234567")],
        }),
        protect: true,
      },
      // 08:00-21:00 in Sydney, 05:00-18:00 in Perth.
      "australian-mobile": {
        args: batch({
          windowStart: "2030-01-14T21:00:00Z",
          windowEnd: "2030-01-15T10:00:00Z",
          calls: [outgoingCall("+61412345678")],
        }),
        protect: true,
      },
      // 08:00-21:00 in Madrid, 07:00-20:00 in the Canaries.
      "spanish-mobile": {
        args: batch({
          windowStart: "2030-01-15T07:00:00Z",
          windowEnd: "2030-01-15T20:00:00Z",
          calls: [outgoingCall("+34612345678")],
        }),
        protect: true,
      },
      // Paused (one-way: it never dials), so its night window passes...
      "paused-at-night": { args: batch({ ...EVENING, paused: true, calls: [SF] }), protect: true },
      // ...unless the engine ignores `paused`: then it may never be paused, and is checked.
      "paused-but-ignored": {
        args: batch({ ...EVENING, paused: true, calls: [SF] }),
        protect: true,
        ignoreChanges: ["paused"],
      },
      // A SIP desk first, then New York (12:00-18:00) and London (17:00-23:00).
      "plivo-list": {
        args: batch({ ...DAYTIME, calls: [plivo("sip:desk@sip.example.com<+12125550123<+442071234567")] }),
        protect: true,
      },
    };
    await project.setConfig("batches", JSON.stringify(nightSomewhere));
    await admin.clearJournal();
    const only = packConfig("calling-hours-only", {
      "max-batch-size": "disabled",
      "webhook-secret": "disabled",
      "running-batch-protected": "disabled",
    });
    const result = await previewWithPack(only);
    expect(result.code, result.output).not.toBe(0);
    for (const name of Object.keys(nightSomewhere).filter((name) => name !== "paused-at-night")) {
      expect(result.output).toContain(`- [mandatory]  calling-hours  (${BATCH}: ${name})`);
    }
    expect(result.output).not.toContain(`(${BATCH}: paused-at-night)`);
    expect(result.output).toMatch(/calls\[0\] \(\+7 914 \*\*\*-4567\): in Asia\/\S+ the window is open/);
    expect(result.output).toMatch(
      /calls\[0\] \(\+61 412 \*\*\*-5678\): in Australia\/\S+ the window is open/,
    );
    expect(result.output).toContain(
      "calls[0] (+34 612 ***-5678): in Atlantic/Canary the window is open 07:00-08:00 local time on 2030-01-15, outside calling hours 08:00-21:00",
    );
    expect(result.output).toContain(
      "calls[0] (+44 20 ***-4567): in Europe/London the window is open 21:00-23:00 local time on 2030-01-15, outside calling hours 08:00-21:00",
    );
    // Numbers show masked only (privacy/masked-number.ts, copied into the pack).
    for (const full of ["+79141234567", "+61412345678", "+34612345678", "+442071234567"]) {
      expect(result.output).not.toContain(full);
    }
    expect(await admin.journal()).toEqual([]);
  });

  it("a compliant batch goes up under the mandatory pack, and the engine then refuses to replace it", async () => {
    await project.setConfig("batches", JSON.stringify({ compliant: COMPLIANT }));
    const mandatory = packConfig("defaults", {});
    const up = await project.run([
      "up",
      "--yes",
      "--skip-preview",
      "--policy-pack",
      PACK,
      "--policy-pack-config",
      mandatory,
    ]);
    expect(up.code, up.output).toBe(0);
    expect(up.output).toMatch(/2 created/);

    // A changed agentId replaces the batch (its calls would all be dialled again): protect stops it.
    await project.setConfig(
      "batches",
      JSON.stringify({ compliant: { ...COMPLIANT, args: { ...COMPLIANT.args, agentId: OTHER_AGENT } } }),
    );
    await admin.clearJournal();
    const replace = await previewWithPack(mandatory);
    expect(replace.code, replace.output).not.toBe(0);
    expect(replace.output).toContain("as it is currently marked for protection");
    // The one request a preview may send: the new agent proven to exist (docs/campaign-lifecycle.md).
    expect(await admin.requests()).toEqual([`GET /api/agents/${OTHER_AGENT}`]);
  });
});
