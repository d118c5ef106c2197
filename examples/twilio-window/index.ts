import * as pulumi from "@pulumi/pulumi";
import { ScheduledBatch } from "pulumi-ultravox";

// An outbound Twilio campaign that may only dial inside a business-hours window. Moving the window
// in config changes only `windowStart`/`windowEnd`: one PATCH carrying those two fields.
const config = new pulumi.Config();
const callerId = config.require("callerId");
const customers = [
  { phone: "+14155550111", name: "Ada", balance: "120.00" },
  { phone: "+14155550112", name: "Grace", balance: "75.50" },
  { phone: "+14155550113", name: "Alan", balance: "9.99" },
];

const batch = new ScheduledBatch("payment-reminders", {
  agentId: config.require("agentId"),
  windowStart: config.require("windowStart"),
  windowEnd: config.require("windowEnd"),
  throttle: config.get("throttle"),
  calls: customers.map((customer) => ({
    medium: {
      twilio: {
        outgoing: { to: customer.phone, from: callerId, additionalParams: { record: true } },
        dtmfHandling: {
          userTextMessage: { text: "The customer pressed {digits}", urgency: "URGENCY_SOON" as const },
        },
      },
    },
    metadata: { campaign: "payment-reminders" },
    templateContext: { name: customer.name, balance: customer.balance },
  })),
});

export const batchId = batch.batchId;
export const totalCount = batch.totalCount;
export const windowStart = batch.windowStart;
