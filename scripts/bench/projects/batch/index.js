// One ScheduledBatch of `calls` generated calls (webRtc, so the webhook is required), the size of
// a typical CRM export row (~130 B each). `vip`: the index of one call whose segment is "vip".
const pulumi = require("@pulumi/pulumi");
const { ScheduledBatch } = require("pulumi-ultravox");

const config = new pulumi.Config();
const count = Number(config.require("calls"));
const vip = config.getNumber("vip");

const calls = [];
for (let i = 0; i < count; i++) {
  const id = String(i).padStart(6, "0");
  calls.push({
    medium: { webRtc: {} },
    metadata: { customer: `cust-${id}`, segment: i === vip ? "vip" : i % 2 === 0 ? "renewal" : "winback" },
    templateContext: { firstName: `Name${id}`, plan: "pro" },
  });
}

const batch = new ScheduledBatch("big", {
  agentId: "11111111-2222-4333-8444-555555555555",
  windowStart: "2031-03-01T09:00:00Z",
  windowEnd: "2031-03-02T17:00:00Z",
  webhookUrl: config.require("webhookUrl"),
  calls,
});

exports.batchId = batch.batchId;
