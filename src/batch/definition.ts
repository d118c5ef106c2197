/**
 * The scheduled call batch as a resource definition: its field table (fields.ts), its identity
 * (under an agent; its id is `batchId`), where it lives on the API, and the rules that are its own.
 */
import { defineResource } from "../fields/definition";
import { toEngine } from "../fields/engine-form";
import { batchCheckRules } from "./check-rules";
import { crossFieldRules } from "./cross-field-rules";
import { INPUT_FIELDS, OUTPUT_FIELDS } from "./fields";
import { PASSWORD_KEYS } from "./password-paths";
import {
  callInputSchema,
  callMediumSchema,
  dataMessagesSchema,
  dtmfHandlingSchema,
  sipMediumSchema,
} from "./schema";

/** Every property name inside a call, to suggest the intended one for a typo. */
const CALL_NAMES = [
  ...[callInputSchema, callMediumSchema, dataMessagesSchema, dtmfHandlingSchema, sipMediumSchema].flatMap(
    (schema) => Object.keys(schema.shape),
  ),
  ...["to", "from", "additionalParams", "username", "text", "urgency", ...PASSWORD_KEYS],
  ...["inputSampleRate", "outputSampleRate", "clientBufferSizeMs", "mediaIdleTimeout"],
];

export const batch = defineResource({
  kind: "ScheduledBatch",
  noun: "batch",
  description:
    "An Ultravox scheduled call batch (an outbound campaign), managed by `pulumi up`. Its id is the batch's `batchId`; " +
    "import one with the id `<agentId>/<batchId>`.",
  inputs: INPUT_FIELDS,
  outputs: OUTPUT_FIELDS,
  identity: { parents: ["agentId"], id: "batchId" },
  collection: ["api", "agents", "{agentId}", "scheduled_batches"],
  crossFieldRules,
  checkRules: batchCheckRules,
  nestedNames: [...new Set(CALL_NAMES)],
  // Maps whose keys and values are the program's own.
  freeFormKeys: ["metadata", "templateContext", "experimentalSettings", "additionalParams"],
  stateVersion: 3,
  migrations: {
    // 1 -> 2: the same keys; version 2 only adds `stateVersion`.
    1: (state) => ({ ...state, stateVersion: 2 }),
    // 2 -> 3: `calls` was a list with passwords inline (the whole list secret); it becomes canonical
    // text with the passwords in `callSecrets`. Decoding gives the same list, so nothing shows as changed.
    2: (state): Record<string, unknown> => ({ ...toEngine(batch, state), stateVersion: 3 }),
  },
});
