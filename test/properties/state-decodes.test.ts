/**
 * State the provider wrote always decodes, whatever the service answered: after a create (under
 * faults too), values set outside the program and a refresh, decoding, diff, refresh and destroy
 * never fail, and the next `up` reverts the drift (only un-pausing may be refused, by rule): the
 * service then holds what the program declares, field by field and call by call (read straight
 * from the emulator).
 */
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { batch } from "../../src/batch/definition";
import { decodeStoredState } from "../../src/fields/stored-state";
import { asError, destroy, diffStored, type ResourceState, refresh, type UpResult, up } from "./engine";
import { applicableEdits, faultSchedule, latitude, outsideEdits, program } from "./generators";
import { differingFields } from "./service-oracle";
import { useTallies } from "./tally";
import { editOutside, newCase, runs, timeLimit, useWorld } from "./world";

const world = useWorld();
const tally = useTallies(__filename, { "state decodes": ["service converged to the program"] });

/** Decoding, diff and refresh of a state must all work; returns the refreshed state. */
async function usable(state: ResourceState): Promise<ResourceState | undefined> {
  expect(() => decodeStoredState(batch, state.outputs)).not.toThrow();
  await diffStored(state);
  return refresh(state);
}

describe("properties: state always decodes", () => {
  test.prop(
    [fc.option(faultSchedule, { nil: undefined }), program(world.t0), outsideEdits, latitude],
    runs(10),
  )(
    "state the provider wrote decodes, diffs, refreshes and destroys whatever the service answered",
    async (schedule, prog, someEdits, lat) => {
      const edits = applicableEdits(someEdits, prog);
      await newCase(world, lat, schedule ?? []);
      let created = await up({ ...prog });
      world.proxy.calm();
      // Nothing recorded (faults.test.ts and rerun.test.ts judge that): this property needs a state,
      // so the create runs again without faults (a second batch of the agent does not matter here).
      const recordedNothing = created.state === undefined;
      if (recordedNothing) created = await up({ ...prog });
      expect(created.state, `create without faults: ${created.error?.message}`).toBeDefined();
      let state: ResourceState | undefined = created.state as ResourceState;

      state = await usable(state);
      if (state === undefined) {
        tally("state decodes").record("proven gone");
        return;
      }
      for (const edit of edits) await editOutside(world, prog.agentId, state.id, edit);
      state = await usable(state);
      expect(state).toBeDefined();
      state = await usable(state!);

      // The next `up` reverts the drift; un-pausing is refused by rule (at check, naming `paused`).
      const unpauses = edits.some((e) => e.paused === true) && prog.paused !== true;
      const drifted = await differingFields(world, prog, state!.id, { mayFill: lat.fillWindow });
      world.proxy.log.length = 0;
      let reverted: UpResult;
      try {
        reverted = await up({ ...prog }, state);
      } catch (error) {
        expect(unpauses, asError(error).message).toBe(true);
        expect(asError(error).message).toMatch(/^paused: /);
        reverted = { state, changed: true };
      }
      if (!unpauses) expect(reverted.error).toBeUndefined();
      // The revert sends only what drifted: at most one PATCH, no field the service already holds.
      const writes = world.proxy.log.filter((r) => r.method !== "GET");
      expect(writes.length).toBeLessThanOrEqual(unpauses ? 0 : 1);
      for (const write of writes) {
        expect(write.method).toBe("PATCH");
        expect(Object.keys(write.body as object).filter((f) => !drifted.includes(f))).toEqual([]);
      }
      state = await usable(reverted.state!);
      // The service ends up holding what the program declares. (Un-pausing fails the whole preview,
      // so then nothing is sent and the drift stays: writes were checked empty above.)
      if (!unpauses) {
        expect(
          await differingFields(world, prog, state!.id, { mayFill: lat.fillWindow }),
          `fields where the service differs from the program after edits ${JSON.stringify(edits)} and up`,
        ).toEqual([]);
      }
      tally("state decodes").record(
        schedule === undefined ? "create without faults" : "create under faults",
        ...(recordedNothing ? ["create recorded nothing; created again without faults"] : []),
        edits.length === 0 ? "no outside edit" : `${edits.length} outside edit(s)`,
        ...edits.map((e) => `edited: ${Object.keys(e).join(", ")}`),
        unpauses ? "un-pausing refused: nothing sent" : "service converged to the program",
      );
      await destroy(state!);
    },
    timeLimit(10),
  );
});
