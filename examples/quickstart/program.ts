import * as pulumi from "@pulumi/pulumi";
import { ScheduledBatch } from "pulumi-ultravox";

/**
 * The quick start: three outbound Twilio calls that start at once. Stack config:
 * `agentId` (the Ultravox agent) and `paused` (true stops the campaign).
 */
export function quickstart() {
  const config = new pulumi.Config();
  const batch = new ScheduledBatch("spring-renewals", {
    agentId: config.get("agentId") ?? "6c8d3c1e-2f4b-4a7e-9b1d-0e5f7a9c3b21",
    paused: config.getBoolean("paused"),
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
  return {
    batchId: batch.batchId,
    totalCount: batch.totalCount,
    completedCount: batch.completedCount,
    endedAt: batch.endedAt.apply((at) => at ?? "(running)"),
    paused: batch.paused.apply((paused) => paused ?? false),
  };
}
