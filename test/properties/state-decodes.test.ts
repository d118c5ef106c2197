/**
 * State the provider wrote always decodes, whatever the service answered: after a create (under
 * faults too), values set outside the program and a refresh, decoding, diff, refresh and destroy
 * never fail, and the next `up` reverts the drift (only un-pausing may be refused, by rule).
 */
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { decodeStoredOutputs } from "../../src/batch/core";
import { asError, destroy, diffStored, type ResourceState, refresh, type UpResult, up } from "./engine";
import { applicableEdits, faultSchedule, latitude, outsideEdits, program } from "./generators";
import { editOutside, newCase, runs, timeLimit, useWorld } from "./world";

const world = useWorld();

/** Decoding, diff and refresh of a state must all work; returns the refreshed state. */
async function usable(state: ResourceState): Promise<ResourceState | undefined> {
  expect(() => decodeStoredOutputs(state.outputs)).not.toThrow();
  await diffStored(state);
  return refresh(state);
}

describe("properties: state always decodes", () => {
  test.prop(
    [fc.option(faultSchedule, { nil: undefined }), program(world.t0), outsideEdits, latitude],
    runs(20),
  )(
    "state the provider wrote decodes, diffs, refreshes and destroys whatever the service answered",
    async (schedule, prog, someEdits, lat) => {
      const edits = applicableEdits(someEdits, prog);
      await newCase(world, lat, schedule ?? []);
      const created = await up({ ...prog });
      world.proxy.calm();
      if (created.state === undefined) return; // nothing recorded: nothing to decode (faults.test.ts judges this)
      let state: ResourceState | undefined = created.state;

      state = await usable(state);
      if (state === undefined) return; // proven gone
      for (const edit of edits) await editOutside(world, prog.agentId, state.id, edit);
      state = await usable(state);
      expect(state).toBeDefined();
      state = await usable(state!);

      // The next `up` reverts the drift; un-pausing is refused by rule (at check, naming `paused`).
      const unpauses = edits.some((e) => e.paused === true) && prog.paused !== true;
      let reverted: UpResult;
      try {
        reverted = await up({ ...prog }, state);
      } catch (error) {
        expect(unpauses, asError(error).message).toBe(true);
        expect(asError(error).message).toMatch(/^paused: /);
        reverted = { state, changed: true };
      }
      if (!unpauses) expect(reverted.error).toBeUndefined();
      state = await usable(reverted.state!);
      await destroy(state!);
    },
    timeLimit(20),
  );
});
