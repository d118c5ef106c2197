import * as pulumi from "@pulumi/pulumi";
import { Agent, ScheduledBatch } from "pulumi-ultravox";

// The quick start: the agent that speaks, and three outbound Twilio calls that start at once.
// Config (defaults in Pulumi.yaml): `paused`, true stops the campaign.
const config = new pulumi.Config();

// The prompt every call speaks, reviewed in git like the calls. Its {{variables}} come from each
// call's templateContext. Agent names need not be unique; one per stack keeps them apart.
const agent = new Agent("renewals-agent", {
  name: `renewals-${pulumi.getStack()}`,
  callTemplate: {
    systemPrompt:
      "You are calling {{firstName}} about renewing their {{plan}} plan. Be brief and friendly, and offer to call back later.",
    temperature: 0.2,
  },
});

// The batch takes the agent's id, so Pulumi creates the agent first and deletes it last.
const batch = new ScheduledBatch("spring-renewals", {
  agentId: agent.agentId,
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

export const agentId = agent.agentId;
export const batchId = batch.batchId;
export const totalCount = batch.totalCount;
export const completedCount = batch.completedCount;
export const endedAt = batch.endedAt.apply((at) => at ?? "(running)");
export const paused = batch.paused.apply((value) => value ?? false);
