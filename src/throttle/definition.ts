/**
 * The call throttle as a resource definition: its field table (fields.ts), its identity (no
 * parents; its id is `throttleId`) and where it lives on the API.
 */
import { defineResource } from "../fields/definition";
import { INPUT_FIELDS, OUTPUT_FIELDS } from "./fields";

export const callThrottle = defineResource({
  kind: "CallThrottle",
  noun: "call throttle",
  description:
    "An Ultravox call throttle: a name and sliding-window rate rules that the calls of batches naming it obey. " +
    "Its id is the throttle's `throttleId`; import one with that id.",
  inputs: INPUT_FIELDS,
  outputs: OUTPUT_FIELDS,
  identity: { parents: [], id: "throttleId" },
  collection: ["api", "call_throttles"],
  nestedNames: ["maxCalls", "windowSeconds"],
  stateVersion: 1,
  migrations: {},
});
