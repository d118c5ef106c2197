import * as pulumi from "@pulumi/pulumi";
import { ScheduledBatch } from "pulumi-ultravox";

// A campaign whose calls come from a CSV file kept in git, handed to the batch as a file: the
// engine hashes it, the provider reads and validates it (errors name contacts.csv:<line>), and state
// keeps its hash and a count, never a phone number. Editing one row sends one PATCH carrying the
// calls (the API has no per-call update); an unchanged file costs no work at preview.
const config = new pulumi.Config();

const batch = new ScheduledBatch("csv-campaign", {
  agentId: config.require("agentId"),
  windowEnd: config.get("windowEnd"),
  // Relative to this folder (the project directory).
  callsFile: new pulumi.asset.FileAsset(config.require("contactsFile")),
  callsFileColumns: {
    columns: {
      "medium.telnyx.outgoing.to": "phone",
      "metadata.account": "account",
      "metadata.language": "language",
      "templateContext.firstName": "first_name",
    },
    fixed: { "medium.telnyx.outgoing.from": config.require("callerId") },
  },
});

export const batchId = batch.batchId;
export const totalCount = batch.totalCount;
