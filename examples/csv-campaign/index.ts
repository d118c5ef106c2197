import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { parse } from "csv-parse/sync";
import { ScheduledBatch } from "pulumi-ultravox";

// A campaign whose calls come from a CSV file kept in git: editing one row changes `calls` only,
// sent as one PATCH (the API has no per-call update).
interface Contact {
  phone: string;
  first_name: string;
  language: string;
  account: string;
}

const config = new pulumi.Config();
const csvFile = path.join(__dirname, config.require("contactsFile"));
const contacts: Contact[] = parse(fs.readFileSync(csvFile, "utf8"), { columns: true, trim: true });

const batch = new ScheduledBatch("csv-campaign", {
  agentId: config.require("agentId"),
  windowEnd: config.get("windowEnd"),
  calls: contacts.map((contact) => ({
    medium: { telnyx: { outgoing: { to: contact.phone, from: config.require("callerId") } } },
    metadata: { account: contact.account, language: contact.language },
    templateContext: { firstName: contact.first_name },
  })),
});

export const batchId = batch.batchId;
export const totalCount = batch.totalCount;
