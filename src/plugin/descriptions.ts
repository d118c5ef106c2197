import type { InputField, OutputField } from "../batch/fields";

/**
 * What each field of the field table means to a user, for the plugin's package schema (shown by
 * generated SDKs and `pulumi import`). Keyed by the table's fields, so adding a field to the table
 * fails to compile until it is described here.
 */
export const FIELD_DESCRIPTIONS: Record<InputField | OutputField, string> = {
  agentId: "The agent that places the calls (uuid). Changing it replaces the batch.",
  calls:
    "The calls to make, at least one. The API has no per-call update: a changed list is sent whole. " +
    "Stored as one canonical JSON line per call, SIP passwords as `$secret:<n>` placeholders into the secret `callSecrets`.",
  windowStart: "Earliest moment calls may be placed (ISO 8601 with an offset). Absent: start at once.",
  windowEnd:
    "Latest moment calls may be placed (ISO 8601 with an offset). Absent: run until all calls are made.",
  paused: "Stop placing calls. The service cannot currently resume a paused batch.",
  webhookUrl:
    "Called when a call with a non-outgoing medium is created; required for such calls, forbidden otherwise.",
  webhookSecret:
    "Signs webhook requests (kept secret in state). Absent: the server chooses one, exposed as a secret output.",
  throttle: "Name or id of a call throttle whose rate rules the calls obey.",
  adoptBatchId: "Adopt this existing batch instead of creating one: it is read, then updated to match.",
  batchId: "The batch id the service assigned (also the resource id).",
  created: "When the service created the batch.",
  totalCount: "Number of calls in the batch.",
  completedCount: "Calls created or errored so far (as of the last create, update or refresh).",
  endedAt: "When the batch finished; absent while it runs.",
  webhookSecretChosenByServer:
    "True when the program never set `webhookSecret`, so the one in use is the server's choice.",
  windowStartFilledByServer:
    'What the service holds for a `windowStart` the program leaves out ("" for nothing): a value it filled in, kept out of the inputs.',
  windowEndFilledByServer:
    'What the service holds for a `windowEnd` the program leaves out ("" for nothing): a value it filled in, kept out of the inputs.',
  stateVersion: "The representation of the stored state (for migrations).",
};

export const CALL_SECRETS_DESCRIPTION =
  "The SIP passwords the `$secret:<n>` placeholders in `calls` refer to.";
