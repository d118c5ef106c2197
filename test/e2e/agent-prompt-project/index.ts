import * as pulumi from "@pulumi/pulumi";
import { Agent, type AgentCallTemplate, ScheduledBatch, type ScheduledBatchArgs } from "pulumi-ultravox";

// `callTemplate`: the agent's call template. `batches`: resource name -> the batch's args without
// `agentId`, which is the agent's own output, so the engine orders them and the pack can match them.
const config = new pulumi.Config();
const callTemplate = config.requireObject<AgentCallTemplate>("callTemplate");
const batches = config.requireObject<Record<string, Omit<ScheduledBatchArgs, "agentId">>>("batches");

const support = new Agent("support", { name: "support", callTemplate });
for (const [name, args] of Object.entries(batches)) {
  new ScheduledBatch(name, { ...args, agentId: support.agentId });
}
