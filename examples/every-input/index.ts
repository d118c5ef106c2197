import * as pulumi from "@pulumi/pulumi";
import { CallThrottle, ScheduledBatch } from "pulumi-ultravox";
import { everyInputArgs } from "./args";

// Optional secrets: `pulumi config set --secret webhookSecret …` / `… sipPassword …`.
const config = new pulumi.Config();
// The call throttle the batch names, managed here too (names are unique in an account: one per stack).
const gentle = new CallThrottle("gentle", {
  name: `renewals-gentle-${pulumi.getStack()}`,
  rules: [{ maxCalls: 10, windowSeconds: 60 }],
});
const campaign = new ScheduledBatch("renewals-january", {
  ...everyInputArgs(config.getSecret("webhookSecret"), config.getSecret("sipPassword")),
  throttle: gentle.name,
});

export const batchId = campaign.batchId; // also the resource id
export const progress = pulumi.interpolate`${campaign.completedCount}/${campaign.totalCount}`;
export const endedAt = campaign.endedAt.apply((at) => at ?? "(running)"); // absent while it runs
export const webhookSecret = campaign.webhookSecret; // a secret output
