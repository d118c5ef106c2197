import * as pulumi from "@pulumi/pulumi";
import { CallThrottle, ScheduledBatch } from "pulumi-ultravox";

// An outbound Twilio campaign that may only dial inside a business-hours window, no faster than a
// call throttle managed beside it allows. Moving the window in config changes only
// `windowStart`/`windowEnd`: one PATCH carrying those two fields.
const config = new pulumi.Config();
const callerId = config.require("callerId");
const customers = [
  { phone: "+14155550111", name: "Ada", balance: "120.00" },
  { phone: "+14155550112", name: "Grace", balance: "75.50" },
  { phone: "+14155550113", name: "Alan", balance: "9.99" },
];

// At most 5 calls a minute and 100 an hour. Throttle names are unique in an account: one per stack.
const gentle = new CallThrottle("gentle", {
  name: `payment-reminders-${pulumi.getStack()}`,
  rules: [
    { maxCalls: 5, windowSeconds: 60 },
    { maxCalls: 100, windowSeconds: 3600 },
  ],
});

const batch = new ScheduledBatch("payment-reminders", {
  agentId: config.require("agentId"),
  windowStart: config.require("windowStart"),
  windowEnd: config.require("windowEnd"),
  throttle: gentle.name,
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
export const throttleId = gentle.throttleId;
