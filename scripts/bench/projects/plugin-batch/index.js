// The batch project's ScheduledBatch through the provider plugin (`pulumi-resource-ultravox`, found
// through `plugins.providers` in Pulumi.yaml): the same Node.js program, generator and inputs, so
// the program costs the same in both doors. The resource is declared as a generated SDK declares it,
// a CustomResource of the plugin's type token, without building an SDK first.
const pulumi = require("@pulumi/pulumi");
const generatedCalls = require("../generated-calls");

const config = new pulumi.Config();
const count = Number(config.require("calls"));
const vip = config.getNumber("vip");

const batch = new pulumi.CustomResource("ultravox:index:ScheduledBatch", "big", {
  agentId: "11111111-2222-4333-8444-555555555555",
  windowStart: "2031-03-01T09:00:00Z",
  windowEnd: "2031-03-02T17:00:00Z",
  webhookUrl: config.require("webhookUrl"),
  calls: generatedCalls(count, vip),
  batchId: undefined, // an output: listed so the program can read it
});

exports.batchId = batch.batchId;
