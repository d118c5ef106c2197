import * as pulumi from "@pulumi/pulumi";
import { ScheduledBatch } from "pulumi-ultravox";

// The quick start: three outbound Twilio calls that start at once.
// Config (defaults in Pulumi.yaml): `agentId`, the Ultravox agent; `paused`, true stops the campaign.
const config = new pulumi.Config();

const batch = new ScheduledBatch("spring-renewals", {
  agentId: config.require("agentId"),
  paused: config.requireBoolean("paused"),
  calls: [
    {
      medium: { twilio: { outgoing: { to: "+14155550101", from: "+14155550100" } } },
      metadata: { customerId: "c-101" },
      templateContext: { firstName: "Ada", plan: "Pro" },
    },
    {
      medium: { twilio: { outgoing: { to: "+14155550102", from: "+14155550100" } } },
      metadata: { customerId: "c-102" },
      templateContext: { firstName: "Grace", plan: "Team" },
    },
    {
      medium: { twilio: { outgoing: { to: "+14155550103", from: "+14155550100" } } },
      metadata: { customerId: "c-103" },
      templateContext: { firstName: "Alan", plan: "Pro" },
    },
  ],
});

export const batchId = batch.batchId;
export const totalCount = batch.totalCount;
export const completedCount = batch.completedCount;
export const endedAt = batch.endedAt.apply((at) => at ?? "(running)");
export const paused = batch.paused.apply((value) => value ?? false);
