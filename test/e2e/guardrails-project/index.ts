import * as pulumi from "@pulumi/pulumi";
import { ScheduledBatch, type ScheduledBatchArgs } from "pulumi-ultravox";

// `batches`: resource name -> { args: ScheduledBatchArgs, protect?: boolean, ignoreChanges?: string[] }.
const config = new pulumi.Config();
const declared =
  config.requireObject<
    Record<string, { args: ScheduledBatchArgs; protect?: boolean; ignoreChanges?: string[] }>
  >("batches");

for (const [name, { args, protect, ignoreChanges }] of Object.entries(declared)) {
  new ScheduledBatch(name, args, { protect: protect === true, ...(ignoreChanges ? { ignoreChanges } : {}) });
}
