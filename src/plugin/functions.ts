/**
 * The plugin's functions (invokes): their schema entries and what answers each. One today,
 * `ultravox:index:getPendingCalls` (src/batch/pending-calls.ts), for YAML's `fn::invoke` and the
 * generated SDKs. Its calls come back secret: they hold phone numbers.
 */

import type { ConfigSource } from "../resource/config";
import { readPendingCallsWith } from "../resource/pending-calls";
import { reveal, secret } from "./secret-wire";

type Props = Record<string, unknown>;

// Tokens spelled out: schema.ts (which owns the package name) reads this file.
export const GET_PENDING_CALLS = "ultravox:index:getPendingCalls";

/** The `functions` section of the package schema. */
export const FUNCTION_SPECS = {
  [GET_PENDING_CALLS]: {
    description:
      "The calls a paused (or ended) scheduled batch will never place, without the calls to `excludeTo`, " +
      "in the shape of a batch's `calls`: carry them into a new batch to stop calling someone mid-run. " +
      "Fails for a batch that is neither paused nor ended, and for an `excludeTo` entry that matches no call.",
    inputs: {
      properties: {
        agentId: { type: "string", description: "The batch's agent." },
        batchId: { type: "string", description: "The paused or ended batch to read." },
        excludeTo: {
          type: "array",
          items: { type: "string" },
          description:
            "Numbers (E.164) or SIP addresses whose calls are left out: the people who asked not to be called.",
        },
      },
      required: ["agentId", "batchId"],
    },
    outputs: {
      properties: {
        calls: {
          type: "array",
          items: { $ref: "#/types/ultravox:index:Call" },
          secret: true,
          description: "The calls still to be placed (status FUTURE), minus the excluded ones. Secret.",
        },
        excludedCount: { type: "integer", description: "How many still-to-be-placed calls were left out." },
        statusCounts: {
          type: "object",
          additionalProperties: { type: "integer" },
          description:
            "How many of the batch's calls are in each status (FUTURE, PENDING, SUCCESS, EXPIRED, ERROR).",
        },
      },
      required: ["calls", "excludedCount", "statusCounts"],
    },
  },
} as const;

/** Answers one invoke; an unknown token fails naming the ones there are. */
export async function invokeFunction(
  token: string,
  args: Props,
  config: ConfigSource | undefined,
): Promise<Props> {
  if (token !== GET_PENDING_CALLS) {
    throw new Error(`unknown function ${token}; this provider has ${Object.keys(FUNCTION_SPECS).join(", ")}`);
  }
  const result = await readPendingCallsWith(config, reveal(args));
  return { ...result, calls: secret(result.calls) };
}
