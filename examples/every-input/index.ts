import * as pulumi from "@pulumi/pulumi";
import { ScheduledBatch } from "pulumi-ultravox";
import { everyInputArgs } from "./args";

const config = new pulumi.Config();
const campaign = new ScheduledBatch(
  "renewals-january",
  everyInputArgs(config.requireSecret("webhookSecret"), config.requireSecret("sipPassword")),
);

export const batchId = campaign.batchId; // also the resource id
export const progress = pulumi.interpolate`${campaign.completedCount}/${campaign.totalCount}`;
export const endedAt = campaign.endedAt; // absent while the batch runs
export const webhookSecret = campaign.webhookSecret; // a secret output
