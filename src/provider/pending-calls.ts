/**
 * `pendingCalls`: the calls a paused batch never placed, for a program (or a script) to carry into a
 * new batch without the people who asked not to be called (docs/campaign-patterns.md). The plain
 * async form, the Output form (secret: it holds phone numbers), and the one both share with the
 * plugin's `ultravox:index:getPendingCalls` invoke.
 */
import * as pulumi from "@pulumi/pulumi";
import type { PendingCalls, PendingCallsArgs } from "../batch/pending-calls";
import type { ConfigSource } from "../resource/config";
import { readPendingCallsWith } from "../resource/pending-calls";

export type { PendingCalls, PendingCallsArgs } from "../batch/pending-calls";

/** Where a program's own stack config is read: `ultravox:apiKey` without a "use getSecret" warning. */
const programConfig: ConfigSource = { get: (key) => pulumi.runtime.getConfig(key) };

/** Settings that override the stack config and the environment (for scripts run outside Pulumi). */
export interface PendingCallsOptions {
  apiKey?: string;
  baseUrl?: string;
}

/**
 * The calls batch `batchId` (paused or ended) will never place, without the calls to the numbers in
 * `excludeTo`, in the shape of a ScheduledBatch's `calls` input. Settings: `options`, then the
 * program's stack config (`ultravox:apiKey`, `ultravox:baseUrl`), then ULTRAVOX_API_KEY /
 * ULTRAVOX_BASE_URL. The result holds phone numbers: never log it.
 */
export async function pendingCalls(
  args: PendingCallsArgs,
  options: PendingCallsOptions = {},
): Promise<PendingCalls> {
  const config: ConfigSource = {
    get: (key) => {
      if (key === "ultravox:apiKey" && options.apiKey !== undefined) return options.apiKey;
      if (key === "ultravox:baseUrl" && options.baseUrl !== undefined) return options.baseUrl;
      return programConfig.get(key);
    },
  };
  return readPendingCallsWith(config, args);
}

/** pendingCalls' args as a program passes them: each may be an Output (a batch's `batchId`). */
export interface PendingCallsOutputArgs {
  agentId: pulumi.Input<string>;
  batchId: pulumi.Input<string>;
  excludeTo?: pulumi.Input<pulumi.Input<string>[]>;
}

/**
 * Fails the running program with `error`'s message. A rejected Output leaves the Node.js runtime
 * waiting forever (seen with @pulumi/pulumi 3.270 and the CLI 3.274: the preview never ends), so the
 * message is logged as an error and the program ends with exit code 32 ("errors already reported"):
 * the run fails at once, before any resource that needs the result is registered, so nothing is
 * created, changed or deleted. Outside a Pulumi program (no engine) the error is thrown as it is.
 */
async function failProgram(error: unknown): Promise<never> {
  if (!pulumi.runtime.hasEngine()) throw error;
  await pulumi.log.error(error instanceof Error ? error.message : String(error));
  process.exit(32);
}

/**
 * pendingCalls as an Output, secret (it holds phone numbers): `calls: carried.calls` hands them to a
 * new ScheduledBatch, encrypted in state. Read when the args are known, at preview too (one GET of
 * the batch and its listing, like any Pulumi function). A refusal fails the program with its message.
 */
export function pendingCallsOutput(args: PendingCallsOutputArgs): pulumi.Output<PendingCalls> {
  const read = pulumi
    .output(args)
    .apply((known) =>
      pendingCalls(known as PendingCallsArgs).catch(failProgram),
    ) as pulumi.Output<PendingCalls>;
  return pulumi.secret(read);
}
