import * as pulumi from "@pulumi/pulumi";
import { ScheduledBatch } from "pulumi-ultravox";

// People added to a campaign that is already dialing. Editing the running batch's `calls` would
// send the whole list again (the API has no per-call update), and a batch that has placed calls
// cannot take it. So the added people get a batch of their own, and the first one is left alone.
// Config (defaults in Pulumi.yaml): `agentId`; `lateSignups`, the added numbers, comma-separated:
// `pulumi config set --secret lateSignups +14155550104,+14155550105` (secret: the dynamic resource's
// default provider keeps all stack config in state; docs/personal-data.md).
const config = new pulumi.Config();
const agentId = config.require("agentId");
const from = "+14155550100";

const firstWave = ["+14155550101", "+14155550102", "+14155550103"];
const lateSignups = (config.get("lateSignups") ?? "")
  .split(",")
  .map((to) => to.trim())
  .filter((to) => to !== "");

// Nobody twice: a number in both lists would be called by both batches. Fails the preview.
const twice = lateSignups.filter((to) => firstWave.includes(to));
if (twice.length > 0) {
  throw new Error(
    `lateSignups: ${twice.length} number(s) are already in the first wave; remove them (lateSignups[${lateSignups.findIndex((to) => firstWave.includes(to))}] first)`,
  );
}

const callTo = (to: string) => ({ medium: { twilio: { outgoing: { to, from } } } });

const renewals = new ScheduledBatch("renewals", { agentId, calls: firstWave.map(callTo) });
export const renewalsBatchId = renewals.batchId;

// One more batch for the added people. A later addition is one more resource again
// (`renewals-added-2`, ...): each batch's calls stay as they were created.
export const addedBatchId =
  lateSignups.length > 0
    ? new ScheduledBatch("renewals-added-1", { agentId, calls: lateSignups.map(callTo) }).batchId
    : "(none yet)"; // a stack output is never undefined (the CLI warns about one on every up)
