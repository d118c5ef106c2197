/**
 * The smallest change on the wire: for any change to a program (after a create and a refresh under
 * any representation the service chooses), `up` sends one PATCH holding exactly the fields that
 * differ, each with its new value, or nothing at all when nothing differs.
 */
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { refresh, up } from "./engine";
import { BODY_FIELDS, DEFAULTS, SERVER_CHOSEN } from "./field-table";
import { changeOf, latitude, type Program, program } from "./generators";
import { sameFieldValue } from "./service-oracle";
import { newCase, runs, timeLimit, useWorld } from "./world";

const world = useWorld();

/**
 * The PATCH body a change must produce, worked out from the two programs alone. `adopting`: the
 * batch was made outside this resource, so a webhook secret left out of the program is the server's
 * to keep (whatever `before` set).
 */
function expectedPatch(before: Program, after: Program, adopting = false): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of BODY_FIELDS) {
    const old = before[field] ?? DEFAULTS[field];
    const next = after[field] ?? DEFAULTS[field];
    // A value the program never set (the webhook secret) is the server's choice: leaving it unset is no change.
    if (
      SERVER_CHOSEN.includes(field) &&
      after[field] === undefined &&
      (adopting || before[field] === undefined)
    ) {
      continue;
    }
    if (sameFieldValue(field, old, next)) continue;
    body[field] = next ?? null;
  }
  return body;
}

/** One PATCH carrying exactly the expected fields, each with its value (an instant in any offset). */
function expectOnePatch(sent: { method: string; body: unknown }[], expected: Record<string, unknown>): void {
  expect(sent.map((r) => r.method)).toEqual(["PATCH"]);
  const body = sent[0]?.body as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(Object.keys(expected).sort());
  for (const [field, value] of Object.entries(expected)) {
    expect(sameFieldValue(field, body[field], value), `${field}: sent ${JSON.stringify(body[field])}`).toBe(
      true,
    );
  }
}

describe("properties: a changed program", () => {
  test.prop(
    [
      program(world.t0).chain((before) => fc.tuple(fc.constant(before), changeOf(before, world.t0))),
      latitude,
      fc.boolean(),
    ],
    runs(25),
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
      if (Object.keys(expected).length === 0) {
        expect(next.changed, "diff reports a change where the program did not change").toBe(false);
        expect(sent).toEqual([]);
      } else {
        expectOnePatch(sent, expected);
      }
    },
    timeLimit(25),
  );
});

describe("properties: adopting a batch", () => {
  test.prop(
    [
      program(world.t0).chain((before) => fc.tuple(fc.constant(before), changeOf(before, world.t0))),
      latitude,
    ],
    runs(20),
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
      if (Object.keys(expected).length === 0) expect(writes).toEqual([]);
      else expectOnePatch(writes, expected);
    },
    timeLimit(20),
  );
});
