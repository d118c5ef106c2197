/**
 * The plugin door keeps the promises of the dynamic one, over gRPC with the plugin as its own
 * process (plugin-engine.ts) behind the latitude proxy: a create, a refresh and an unchanged program
 * send nothing more; a change sends one PATCH holding exactly the fields that differ and Diff names
 * exactly those fields (the CLI's `[diff: ~...]`); an update under faults, then a refresh and `up`,
 * converges to the program (read straight from the emulator) without sending what the service
 * already holds; secrets reach the engine marked secret and never show in the plugin's stderr; a
 * delete leaves no batch.
 */
import { fc, test } from "@fast-check/vitest";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { configure, type RunningPlugin, SECRET_SIG, startPlugin } from "../plugin/plugin-process";
import { expectedPatch, expectOnePatch } from "./expected-patch";
import { changeOf, faultSchedule, latitude, type Program, program, secretsOf } from "./generators";
import { PluginEngine, type PluginState } from "./plugin-engine";
import { differingFields, sameCalls } from "./service-oracle";
import { useTallies } from "./tally";
import {
  API_KEY,
  batchesOf,
  newCase,
  REQUEST_TIMEOUT_MS,
  RETRY_BUDGET_MS,
  runs,
  timeLimit,
  useWorld,
} from "./world";

const world = useWorld();
const PROPERTY = "plugin door";
const tally = useTallies(__filename, { [PROPERTY]: ["one PATCH with the fields that differ"] });

let plugin: RunningPlugin;
let engine: PluginEngine;

/** A plugin process for one `pulumi up` (the engine starts one per command; claims live in it). */
async function newRun(): Promise<void> {
  await plugin?.stop();
  plugin = await startPlugin();
  await configure(plugin, {
    "ultravox:apiKey": API_KEY,
    "ultravox:baseUrl": world.proxy.url,
    "ultravox:requestTimeoutMs": String(REQUEST_TIMEOUT_MS),
    "ultravox:retryBudgetMs": String(RETRY_BUDGET_MS),
    "ultravox:maxAttempts": "3",
  });
  engine = new PluginEngine(plugin);
}

beforeAll(newRun);

afterAll(async () => {
  await plugin?.stop();
});

const scenario = program(world.t0).chain((before) =>
  fc.record({
    before: fc.constant(before),
    after: changeOf(before, world.t0),
    // Two cases in three update without faults (the exact PATCH), one under a fault schedule.
    updateFaults: fc.oneof(
      { weight: 2, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: faultSchedule },
    ),
  }),
);

const writes = () =>
  world.proxy.log.filter((r) => r.method !== "GET").map((r) => ({ method: r.method, body: r.body }));

describe("properties: the plugin door", () => {
  test.prop([scenario, latitude, fc.boolean()], runs(8))(
    "through the plugin, create/refresh/no-change send nothing more, a change one PATCH of what differs, and faults converge",
    async ({ before, after, updateFaults }, lat, refreshFirst) => {
      const labels: string[] = [];
      await newCase(world, lat);
      const created = await engine.up({ ...before });
      expect(created.error).toBeUndefined();
      expect(writes().map((w) => w.method)).toEqual(["POST"]);
      let state = created.state!;
      // Secrets reach the engine marked secret: the webhook secret (the program's or the server's).
      expect(state.outputs.webhookSecret ?? SECRET_SIG).toMatchObject(SECRET_SIG);
      state = (await engine.refresh(state))!;
      expect(state).toBeDefined();

      // Unchanged: no diff, no request.
      world.proxy.log.length = 0;
      const unchanged = await engine.up({ ...before }, state);
      expect(unchanged.diff?.changes, "diff reports a change for the unchanged program").toBe(false);
      expect(world.proxy.log).toEqual([]);

      // Changed: Diff names exactly the fields the one PATCH carries.
      const expected = expectedPatch(before, after);
      world.proxy.reset(lat, updateFaults ?? []);
      const changed = await engine.up({ ...after }, state);
      const sent = writes();
      world.proxy.calm();
      if (Object.keys(expected).length === 0) {
        expect(changed.diff?.changes).toBe(false);
        expect(sent).toEqual([]);
        labels.push("change is no change");
      } else {
        expect(new Set(changed.diff?.fields)).toEqual(new Set(Object.keys(expected)));
        if (updateFaults === undefined) {
          expect(changed.error).toBeUndefined();
          expectOnePatch(sent, expected);
          labels.push("one PATCH with the fields that differ");
        } else {
          labels.push(
            changed.error === undefined ? "update under faults succeeded" : "update under faults failed",
          );
          expect(sent.filter((w) => w.method !== "PATCH")).toEqual([]);
        }
      }
      let current: PluginState | undefined = changed.state!;
      let prog: Program = after;
      const batchId = current.id;
      if (changed.error?.message.includes("take the batch over without sending it again")) {
        // The calls PATCH's outcome is unknown: as the error says, look at the calls first.
        if (sameCalls(after.calls, (await world.admin.storedCalls(after.agentId, batchId)) as never[])) {
          labels.push("calls show the new list: adopt as the error says");
          prog = { ...after, adoptBatchId: batchId };
          current = undefined;
          await newRun();
        } else labels.push("calls show the old list: up again as the error says");
      }

      // The re-run (after a refresh, or not) converges and sends only what still differs.
      if (refreshFirst && current !== undefined) current = await engine.refresh(current);
      const differing = await differingFields(world, prog, batchId, {
        mayFill: lat.fillWindow && prog.adoptBatchId === undefined,
      });
      world.proxy.log.length = 0;
      const rerun = await engine.up({ ...prog }, current);
      expect(rerun.error, rerun.error?.message).toBeUndefined();
      for (const write of writes()) {
        expect(write.method).toBe("PATCH");
        const fields = Object.keys(write.body as object);
        if (fields.includes("calls"))
          expect(differing, "calls sent again though the service holds them").toContain("calls");
        labels.push(`re-run PATCH: ${fields.sort().join(", ")}`);
      }
      state = rerun.state!;
      expect(state.id).toBe(batchId);
      expect(
        await differingFields(world, prog, batchId, {
          mayFill: lat.fillWindow && prog.adoptBatchId === undefined,
        }),
      ).toEqual([]);
      const settled = (await engine.refresh(state))!;
      world.proxy.log.length = 0;
      expect((await engine.up({ ...prog }, settled)).diff?.changes).toBe(false);
      expect(world.proxy.log).toEqual([]);

      // `pulumi destroy` is a command of its own: a batch adopted in this run is kept on delete by rule.
      if (prog.adoptBatchId !== undefined) await newRun();
      await engine.destroy(settled);
      expect(await batchesOf(world, before.agentId)).toEqual([]);
      const secrets = [API_KEY, ...secretsOf(before), ...secretsOf(after)];
      for (const secret of secrets)
        expect(plugin.stderr(), "secret in the plugin's stderr").not.toContain(secret);
      tally(PROPERTY).record(...labels, refreshFirst ? "refresh before re-run" : "re-run without refresh");
    },
    timeLimit(8),
  );
});
