import * as pulumi from "@pulumi/pulumi";
import { ScheduledBatch, type ScheduledBatchArgs } from "pulumi-ultravox";

const config = new pulumi.Config();
const batches = config
  .requireObject<ScheduledBatchArgs[]>("batches")
  .map((args, index) => new ScheduledBatch(`batch-${index + 1}`, args));

export const ids = batches.map((batch) => batch.batchId);
export const windowEnds = batches.map((batch) => batch.windowEnd);
