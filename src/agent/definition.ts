/**
 * The agent as a resource definition: its field table (fields.ts), its identity (no parents; its
 * id is `agentId`) and where it lives on the API.
 */
import { defineResource } from "../fields/definition";
import { CALL_TEMPLATE_NAMES, INPUT_FIELDS, OUTPUT_FIELDS } from "./fields";

export const agent = defineResource({
  kind: "Agent",
  noun: "agent",
  description:
    "An Ultravox agent: a name and the call template (prompt, voice, model, template variables) every call of " +
    "its batches speaks. Its id is the agent's `agentId`, which a batch takes as `agentId`; import one with that id.",
  inputs: INPUT_FIELDS,
  outputs: OUTPUT_FIELDS,
  identity: { parents: [], id: "agentId" },
  collection: ["api", "agents"],
  nestedNames: CALL_TEMPLATE_NAMES,
  stateVersion: 1,
  migrations: {},
});
