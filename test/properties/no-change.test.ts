/**
 * Whatever representation the service chooses, an unchanged program after a create and a refresh
 * is no change: diff says so and `up` sends nothing.
 */
import { test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { forceUpdate, refresh, up } from "./engine";
import { latitude, program } from "./generators";
import { newCase, runs, timeLimit, useWorld } from "./world";

const world = useWorld();

describe("properties: an unchanged program", () => {
  test.prop([program(world.t0), latitude], runs(12))(
    "after create and refresh, an unchanged program diffs as no change and up sends no request",
    async (prog, lat) => {
      await newCase(world, lat);
      const created = await up({ ...prog });
      expect(created.error).toBeUndefined();
      const refreshed = await refresh(created.state!);
      expect(refreshed).toBeDefined();
      // A second refresh sees the same service: still the same state.
      const again = await refresh(refreshed!);

      const next = await up({ ...prog }, again);
      expect(next.changed, "diff reports a change for the unchanged program").toBe(false);

      world.proxy.log.length = 0;
      await forceUpdate(again!, { ...prog });
      expect(world.proxy.log.map((r) => `${r.method} ${r.path} ${JSON.stringify(r.body)}`)).toEqual([]);
    },
    timeLimit(12),
  );
});
