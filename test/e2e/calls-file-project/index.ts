import * as pulumi from "@pulumi/pulumi";
import { ScheduledBatch } from "pulumi-ultravox";

// `callsFile`: a CSV path relative to this directory; `callerId`: every call's `from`; optional
// `windowStart` / `windowEnd`.
const config = new pulumi.Config();

const batch = new ScheduledBatch("file-campaign", {
  agentId: config.require("agentId"),
  windowStart: config.get("windowStart"),
  windowEnd: config.get("windowEnd"),
  callsFile: new pulumi.asset.FileAsset(config.require("callsFile")),
  callsFileColumns: {
    columns: { "medium.twilio.outgoing.to": "phone", "metadata.account": "account" },
    fixed: { "medium.twilio.outgoing.from": config.require("callerId") },
  },
});

export const batchId = batch.batchId;
export const totalCount = batch.totalCount;
export const callsFileCount = batch.callsFileCount;
