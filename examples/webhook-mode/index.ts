import * as pulumi from "@pulumi/pulumi";
import { ScheduledBatch } from "pulumi-ultravox";

// Webhook mode: the calls use a medium Ultravox does not dial itself (here server WebSocket), so
// Ultravox creates each call and POSTs it to `webhookUrl`, signed with `webhookSecret`; your service
// then connects it. Set the secret with `pulumi config set --secret webhookSecret <value>`: it stays
// encrypted in state. Without it the server chooses one, exposed as the secret output below.
const config = new pulumi.Config();

const batch = new ScheduledBatch("support-callbacks", {
  agentId: config.require("agentId"),
  webhookUrl: config.require("webhookUrl"),
  webhookSecret: config.getSecret("webhookSecret"),
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

export const batchId = batch.batchId;
export const webhookSecret = batch.webhookSecret;
