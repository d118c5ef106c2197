import * as pulumi from "@pulumi/pulumi";
import { ScheduledBatch } from "pulumi-ultravox";

/**
 * Webhook mode: the calls use a medium Ultravox does not dial itself (here server WebSocket), so
 * Ultravox creates each call and POSTs it to `webhookUrl`, signed with `webhookSecret`; your service
 * then connects it. The secret comes from secret stack config and stays encrypted in state.
 */
export function webhookMode() {
  const config = new pulumi.Config();
  const batch = new ScheduledBatch("support-callbacks", {
    agentId: config.require("agentId"),
    webhookUrl: config.get("webhookUrl") ?? "https://callbacks.example.com/ultravox/batch",
    webhookSecret: config.requireSecret("webhookSecret"),
    windowEnd: config.get("windowEnd"),
    calls: ["t-4411", "t-4412"].map((ticket) => ({
      medium: {
        serverWebSocket: {
          inputSampleRate: 16000,
          outputSampleRate: 16000,
          clientBufferSizeMs: 60,
          dataMessages: { transcript: true, callEvent: true, userStartedSpeaking: true },
        },
      },
      metadata: { ticket },
      templateContext: { ticket },
    })),
  });
  return { batchId: batch.batchId, webhookSecret: batch.webhookSecret };
}
