/**
 * The smallest change on the wire: for any change to a program (after a create and a refresh under
 * any representation the service chooses), `up` sends one PATCH holding exactly the fields that
 * differ, each with its new value, or nothing at all when nothing differs.
 */
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { refresh, up } from "./engine";
import { expectedPatch, expectOnePatch } from "./expected-patch";
import { changeOf, latitude, program } from "./generators";
import { useTallies } from "./tally";
import { newCase, runs, timeLimit, useWorld } from "./world";

const world = useWorld();
const tally = useTallies(__filename);

describe("properties: a changed program", () => {
  test.prop(
    [
      program(world.t0).chain((before) => fc.tuple(fc.constant(before), changeOf(before, world.t0))),
      latitude,
      fc.boolean(),
    ],
    runs(12),
  )(
    "for any change to the program, up sends one PATCH holding exactly the fields that differ",
    async ([before, after], lat, namesOwnBatch) => {
      await newCase(world, lat);
      const created = await up({ ...before });
      expect(created.error).toBeUndefined();
      const refreshed = await refresh(created.state!);

      world.proxy.log.length = 0;
      // Naming the resource's own batch in adoptBatchId changes nothing on the service.
      const news = namesOwnBatch ? { ...after, adoptBatchId: created.state!.id } : { ...after };
      const next = await up(news, refreshed);
      expect(next.error).toBeUndefined();
      const expected = expectedPatch(before, after);
      const sent = world.proxy.log.map((r) => ({ method: r.method, body: r.body }));
      tally("a changed program").record(
        Object.keys(expected).length === 0
          ? "no field differs"
          : `${Object.keys(expected).length} field(s) PATCHed`,
        ...Object.keys(expected).map((f) => `PATCHed: ${f}`),
      );
      if (Object.keys(expected).length === 0) {
        expect(next.changed, "diff reports a change where the program did not change").toBe(false);
        expect(sent).toEqual([]);
      } else {
        expectOnePatch(sent, expected);
      }
    },
    timeLimit(12),
  );
});

describe("properties: adopting a batch", () => {
  test.prop(
    [
      program(world.t0).chain((before) => fc.tuple(fc.constant(before), changeOf(before, world.t0))),
      latitude,
    ],
    runs(10),
  )(
    "adopting a batch made outside sends one PATCH holding exactly the fields where the program differs",
    async ([before, after], lat) => {
      await newCase(world, lat);
      // Someone made the batch before (the dashboard, another stack): straight to the service.
      const { agentId, ...body } = before;
      const made = await world.admin.request("POST", `/api/agents/${agentId}/scheduled_batches`, body);
      expect(made.status).toBe(201);
      const batchId = (made.json as { batchId: string }).batchId;

      const adopted = await up({ ...after, adoptBatchId: batchId });
      expect(adopted.error).toBeUndefined();
      expect(adopted.state?.id).toBe(batchId);
      const writes = world.proxy.log
        .filter((r) => r.method !== "GET")
        .map((r) => ({ method: r.method, body: r.body }));
      const expected = expectedPatch(before, after, true);
      tally("adopting a batch").record(
        Object.keys(expected).length === 0
          ? "no field differs"
          : `${Object.keys(expected).length} field(s) PATCHed`,
        ...Object.keys(expected).map((f) => `PATCHed: ${f}`),
      );
      if (Object.keys(expected).length === 0) expect(writes).toEqual([]);
      else expectOnePatch(writes, expected);
    },
    timeLimit(10),
  );
});
