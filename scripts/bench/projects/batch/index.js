// One ScheduledBatch of `calls` generated calls (generated-calls.js) through the dynamic resource.
// `vip`: the index of one call whose segment is "vip".
const pulumi = require("@pulumi/pulumi");
const generatedCalls = require("../generated-calls");
const { ScheduledBatch } = require("pulumi-ultravox");

const config = new pulumi.Config();
const count = Number(config.require("calls"));
const vip = config.getNumber("vip");

const calls = generatedCalls(count, vip);

const batch = new ScheduledBatch("big", {
  agentId: "11111111-2222-4333-8444-555555555555",
  windowStart: "2031-03-01T09:00:00Z",
  windowEnd: "2031-03-02T17:00:00Z",
  webhookUrl: config.require("webhookUrl"),
  calls,
});

exports.batchId = batch.batchId;
