import * as fs from "node:fs";
import { ScheduledBatch } from "pulumi-ultravox";
import type { EmulatorAdmin } from "../lib/emulator-admin";
import type { LocalStack } from "../lib/local-stack";
import { batchArgs, jsonBytes } from "./fixtures";
import { benchStack, stackStateFile } from "./stacks";

/**
 * Section 4: what a batch costs in the state file. The serialized provider (`__provider`) stored
 * with each resource, the stack file's bytes per batch next to the bytes of the calls it holds, and
 * the marginal state bytes of one more call.
 */

const BATCH_TYPE = "pulumi-nodejs:dynamic/ultravox:ScheduledBatch";
const CONTROL_TYPE = "pulumi-nodejs:dynamic/bench:Control";

interface StateResource {
  type: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

export interface StateCostResult {
  providerBytes: { batchInputs: number; batchOutputs: number; control: number };
  batches: {
    count: number;
    callsPerBatch: number;
    stateFileBytes: number;
    stateBytesPerBatch: number;
    callsPayloadBytesPerBatch: number;
    /** State bytes per batch / calls payload bytes per batch. */
    ratio: number;
    /** One batch's record in the exported deployment, compact JSON (inputs + outputs + metadata). */
    exportedRecordBytes: number;
  };
  control: { count: number; stateFileBytes: number; stateBytesPerResource: number };
  marginal: {
    fromCalls: number;
    toCalls: number;
    stateBytesPerCall: number;
    payloadBytesPerCall: number;
    ratio: number;
  };
}

async function resourcesOf(local: LocalStack, type: string): Promise<StateResource[]> {
  const exported = await local.stack.exportStack();
  return (exported.deployment.resources as StateResource[]).filter((r) => r.type === type);
}

function providerBytes(bag: Record<string, unknown> | undefined): number {
  const text = bag?.__provider;
  return typeof text === "string" ? Buffer.byteLength(text) : 0;
}

function fileBytes(local: LocalStack, project: string): number {
  return fs.statSync(stackStateFile(local, project)).size;
}

export async function measureStateCost(
  admin: EmulatorAdmin,
  batches: { local: LocalStack; project: string; count: number; callsPerBatch: number },
  control: { local: LocalStack; project: string; count: number },
  log: (m: string) => void,
): Promise<StateCostResult> {
  const batchResources = await resourcesOf(batches.local, BATCH_TYPE);
  const controlResources = await resourcesOf(control.local, CONTROL_TYPE);
  const first = batchResources[0];
  if (!first || batchResources.length !== batches.count) throw new Error("unexpected batch count in state");
  const batchFile = fileBytes(batches.local, batches.project);
  const controlFile = fileBytes(control.local, control.project);
  const payload = jsonBytes(batchArgs(batches.callsPerBatch).calls);

  // Marginal cost: one batch, grown from 10 to 1,010 calls with one update.
  const [from, to] = [10, 1010];
  let calls = from;
  const project = "bench-state-marginal";
  const fixed = { small: batchArgs(from), large: batchArgs(to) };
  const local = await benchStack(
    project,
    async () => {
      new ScheduledBatch("grown", calls === from ? fixed.small : fixed.large);
    },
    admin.emulator.url,
  );
  try {
    log(`  one batch of ${from} calls`);
    await local.stack.up();
    const small = fileBytes(local, project);
    calls = to;
    log(`  the same batch grown to ${to} calls`);
    await local.stack.up();
    const large = fileBytes(local, project);
    const stateBytesPerCall = (large - small) / (to - from);
    const payloadBytesPerCall = (jsonBytes(fixed.large.calls) - jsonBytes(fixed.small.calls)) / (to - from);
    return {
      providerBytes: {
        batchInputs: providerBytes(first.inputs),
        batchOutputs: providerBytes(first.outputs),
        control: providerBytes(controlResources[0]?.inputs),
      },
      batches: {
        count: batches.count,
        callsPerBatch: batches.callsPerBatch,
        stateFileBytes: batchFile,
        stateBytesPerBatch: batchFile / batches.count,
        callsPayloadBytesPerBatch: payload,
        ratio: batchFile / batches.count / payload,
        exportedRecordBytes: jsonBytes(first),
      },
      control: {
        count: control.count,
        stateFileBytes: controlFile,
        stateBytesPerResource: controlFile / control.count,
      },
      marginal: {
        fromCalls: from,
        toCalls: to,
        stateBytesPerCall,
        payloadBytesPerCall,
        ratio: stateBytesPerCall / payloadBytesPerCall,
      },
    };
  } finally {
    await local.dispose();
  }
}
