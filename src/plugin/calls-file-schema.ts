/**
 * The batch's `callsFile` inputs in the plugin's schema (resource/calls-file-lifecycle.ts). They
 * stand beside the field table rather than in it: the file replaces `calls` around the core, which
 * never sees it. `calls` becomes optional (one of the two is required; check says so).
 */
import {
  CALLS_FILE,
  CALLS_FILE_COLUMNS,
  CALLS_FILE_COUNT,
  CALLS_FILE_DIGEST,
  CALLS_FILE_FINGERPRINTS,
  CALLS_FILE_KEY,
  CALLS_FILE_MODES,
} from "../batch/calls-file-keys";
import type { PropertySpec } from "./schema-types";

export const CALLS_FILE_COLUMNS_TYPE = "ultravox:index:CallsFileColumns";

export const callsFileColumnsType = {
  type: "object" as const,
  properties: {
    format: { type: "string", description: "`csv` or `jsonl`; by the file's extension when absent." },
    columns: {
      type: "object",
      additionalProperties: { type: "string" },
      description:
        "Call path (`medium.twilio.outgoing.to`, `metadata.crmId`) -> the CSV column holding its value.",
    },
    fixed: {
      type: "object",
      additionalProperties: { $ref: "pulumi.json#/Any" },
      description: "Call path -> a value every call gets (a caller id).",
    },
  } satisfies Record<string, PropertySpec>,
};

const FILE_INPUTS: Record<string, PropertySpec> = {
  [CALLS_FILE]: {
    $ref: "pulumi.json#/Asset",
    description:
      "The calls as a file (CSV or JSON Lines; `fn::fileAsset` in YAML, `pulumi.FileAsset` in Python), instead of `calls`. " +
      "The engine hashes it, the provider reads it; state keeps its hash, count and secret fingerprints, no call.",
  },
  [CALLS_FILE_COLUMNS]: {
    $ref: `#/types/${CALLS_FILE_COLUMNS_TYPE}`,
    description: "How rows of `callsFile` become calls (CSV: `columns`, `fixed`; JSON Lines rows are calls).",
  },
};

const FILE_OUTPUTS: Record<string, PropertySpec> = {
  [CALLS_FILE_DIGEST]: { type: "string", description: "The hash of `callsFile` the batch was checked with." },
  [CALLS_FILE_COUNT]: { type: "integer", description: "Number of calls in `callsFile`." },
  [CALLS_FILE_MODES]: {
    type: "array",
    items: { type: "string" },
    description: "Whether the file's calls dial out (`outgoing`) or go to the webhook (`webhook`).",
  },
  [CALLS_FILE_FINGERPRINTS]: {
    type: "string",
    secret: true,
    description: "Keyed 24-bit fingerprints of the file's calls (review names added calls with them).",
  },
  [CALLS_FILE_KEY]: { type: "string", secret: true, description: "The fingerprints' key." },
};

interface BatchSpec {
  inputProperties: Record<string, PropertySpec>;
  requiredInputs: string[];
  properties: Record<string, PropertySpec>;
  required: string[];
}

/** The batch's resource spec with the file inputs, and `calls` no longer required. */
export function withCallsFileSpec<S extends BatchSpec>(spec: S): S {
  return {
    ...spec,
    inputProperties: { ...spec.inputProperties, ...FILE_INPUTS },
    requiredInputs: spec.requiredInputs.filter((name) => name !== "calls"),
    properties: { ...spec.properties, ...FILE_INPUTS, ...FILE_OUTPUTS },
    required: spec.required.filter((name) => name !== "calls"),
  };
}
