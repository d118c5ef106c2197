import * as pulumi from "@pulumi/pulumi";
import { ScheduledBatch } from "pulumi-ultravox";

/**
 * An outbound Twilio campaign that may only dial inside a business-hours window. Moving the window
 * in config changes only `windowStart`/`windowEnd`: one PATCH carrying those two fields.
 */
export function twilioWindow() {
  const config = new pulumi.Config();
  const callerId = config.get("callerId") ?? "+14155550100";
  const customers = [
    { phone: "+14155550111", name: "Ada", balance: "120.00" },
    { phone: "+14155550112", name: "Grace", balance: "75.50" },
    { phone: "+14155550113", name: "Alan", balance: "9.99" },
  ];
  const batch = new ScheduledBatch("payment-reminders", {
    agentId: config.require("agentId"),
    windowStart: config.get("windowStart") ?? "2027-01-15T09:00:00-05:00",
    windowEnd: config.get("windowEnd") ?? "2027-01-15T17:00:00-05:00",
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
  return { batchId: batch.batchId, totalCount: batch.totalCount, windowStart: batch.windowStart };
}
