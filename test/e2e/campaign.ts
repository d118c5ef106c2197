import * as path from "node:path";
import type { ScheduledBatchArgs } from "pulumi-ultravox";
import { EmulatorAdmin } from "../../scripts/lib/emulator-admin";
import { PulumiProject } from "../../scripts/lib/pulumi-project";
import type { RunningEmulator } from "../../src/emulator";
import { AGENT, DAY, iso } from "../fixtures";

export { AGENT, iso, OTHER_AGENT } from "../fixtures";

/**
 * The end-to-end suites' stacks of test/e2e/campaign-project: a program whose whole batch comes
 * from stack config, run with plain `pulumi` commands through the language host.
 */

export const CAMPAIGN_PROJECT = path.join(__dirname, "campaign-project");
export const API_KEY = "e2etest1.abcdefghijklmnopqrstuvwxyz012345";
export const WEBHOOK_SECRET = 'whsec-e2e-do-not-leak "7f3a9c"';
export const SIP_PASSWORD = "sip-pass-e2e-do-not-leak-41b7";

export const T0 = Math.floor(Date.now() / 1000) * 1000;
export const inDays = (days: number) => iso(T0 + days * DAY);

/** A campaign with a window, a webhook and three calls, one of them SIP with a password. */
export function campaign(): ScheduledBatchArgs {
  return {
    agentId: AGENT,
    windowStart: inDays(1),
    windowEnd: inDays(2),
    webhookUrl: "https://hooks.example.com/ultravox",
    calls: [
      { medium: { webRtc: { dataMessages: { transcript: true } } }, metadata: { customer: "c-1" } },
      { medium: { serverWebSocket: { inputSampleRate: 16000 } }, templateContext: { name: "Grace" } },
      {
        medium: {
          sip: { outgoing: { to: "sip:alan@sip.example.com", username: "alan", password: "$sipPassword" } },
        },
      },
    ],
  };
}

export const outgoingCall = (to: string) => ({
  medium: { twilio: { outgoing: { to, from: "+14155550100" } } },
});

/** One stack of the campaign project against the emulator, with the API key and base URL set. */
export class CampaignStack {
  readonly project = new PulumiProject(CAMPAIGN_PROJECT);
  readonly admin: EmulatorAdmin;

  constructor(readonly emulator: RunningEmulator) {
    this.admin = new EmulatorAdmin(emulator);
  }

  async init(batch: ScheduledBatchArgs, secrets: { webhookSecret?: string; sipPassword?: string } = {}) {
    await this.project.init([
      ["ultravox:apiKey", API_KEY, true],
      ["ultravox:baseUrl", this.emulator.url],
    ]);
    await this.setBatch(batch);
    if (secrets.webhookSecret) await this.project.setConfig("webhookSecret", secrets.webhookSecret, true);
    if (secrets.sipPassword) await this.project.setConfig("sipPassword", secrets.sipPassword, true);
  }

  setBatch(batch: ScheduledBatchArgs): Promise<void> {
    return this.project.setConfig("batch", JSON.stringify(batch));
  }

  /** The batch id in state. */
  async batchId(): Promise<string> {
    const [batch] = await this.project.batches();
    if (!batch?.id) throw new Error("no ScheduledBatch in state");
    return batch.id;
  }

  /** The requests the emulator saw since the last call, as `METHOD path` lines; clears them. */
  async requests(): Promise<string[]> {
    const lines = await this.admin.requests();
    await this.admin.clearJournal();
    return lines;
  }

  /** Destroys what is left and removes the stack's state and config. */
  async dispose(): Promise<void> {
    await this.project.teardown();
  }
}
