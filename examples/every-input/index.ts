import * as pulumi from "@pulumi/pulumi";
import { ScheduledBatch } from "pulumi-ultravox";
import { everyInputArgs } from "./args";

// Optional secrets: `pulumi config set --secret webhookSecret …` / `… sipPassword …`.
const config = new pulumi.Config();
const campaign = new ScheduledBatch(
  "renewals-january",
  everyInputArgs(config.getSecret("webhookSecret"), config.getSecret("sipPassword")),
);

export const batchId = campaign.batchId; // also the resource id
export const progress = pulumi.interpolate`${campaign.completedCount}/${campaign.totalCount}`;
export const endedAt = campaign.endedAt; // absent while the batch runs
export const webhookSecret = campaign.webhookSecret; // a secret output
