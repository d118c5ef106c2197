/**
 * No second batch after an unclear create, ever: a resource created under any fault schedule (on
 * the look before the POST, the POST itself, or the search after it), then simply re-run with the
 * faults gone, perhaps after the user changed the program (a typo fixed, a call added), ends with
 * exactly one batch for it, and the engine holds that batch's id. At no point are there two.
 *
 * The resource's identity (its URN) travels as the hidden `__createIdentity` input, as the
 * ScheduledBatch class passes it; its create token is derived from it, so the re-run finds what
 * the first run made.
 */
import { randomUUID } from "node:crypto";
import { fc, test } from "@fast-check/vitest";
import { afterAll, describe, expect } from "vitest";
import { batch } from "../../src/batch/definition";
import { toEngine } from "../../src/fields/engine-form";
import * as lifecycle from "../../src/provider/batch-lifecycle";
import { changeOf, faultSchedule, latitude, type Program, program } from "./generators";
import type { Fault } from "./latitude";
import { batchesOf, newCase, runs, timeLimit, useWorld } from "./world";

type Props = Record<string, unknown>;

/** The service acted on the POST, and its answer did not arrive. */
const actedAnswerLost = fc.constantFrom<Fault>(
  { kind: "drop", when: "after" },
  { kind: "timeout", when: "after" },
  { kind: "status", status: 500, body: "json", when: "after" },
  { kind: "status", status: 502, body: "html", when: "after" },
  { kind: "status", status: 503, body: "echo", when: "after" },
);
/** The search after it fails for a while (maybe for longer than the retries last). */
const searchFails = fc.array(
  fc.constantFrom<Fault>(
    { kind: "status", status: 500, body: "json", when: "before" },
    { kind: "status", status: 503, body: "html", when: "before" },
    { kind: "drop", when: "before" },
    { kind: "timeout", when: "before" },
  ),
  { minLength: 1, maxLength: 8 },
);
/**
 * Faults for the first run's requests in order: the issue's case (the look passes, the POST acts and
 * its answer is lost, the search fails), or any schedule starting at the look or at the POST.
 */
const schedules: fc.Arbitrary<(Fault | null)[]> = fc.oneof(
  fc.tuple(actedAnswerLost, searchFails).map(([lost, failing]) => [null, lost, ...failing]),
  faultSchedule,
  faultSchedule.map((schedule) => [null, ...schedule]),
);

const world = useWorld();

/** How each case's first run ended, reported after the property (a property must not pass on nothing). */
const outcomes: string[] = [];
afterAll(() => {
  const tally = new Map<string, number>();
  for (const outcome of outcomes) tally.set(outcome, (tally.get(outcome) ?? 0) + 1);
  const counts = [...tally].map(([outcome, n]) => `${outcome}: ${n}`);
  process.stderr.write(`first runs: ${counts.join("; ")}\n`);
  // The case this property is for must occur: a batch made whose id the engine never got.
  expect(outcomes).toContain("unclear, a batch the engine does not know");
});

const PROVIDER = { __provider: "exports.handler = __f0; /* stand-in */" };

/** What the engine holds for the resource: its id and outputs, and the inputs check returned. */
interface Held {
  id: string;
  outputs: Props;
}

const stored = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** One `pulumi up` of the resource named `urn`: check, then create, or diff and update. */
async function upAs(
  urn: string,
  prog: Program,
  held: Held | undefined,
): Promise<{ held?: Held; error?: Error }> {
  const raw = { ...stored(toEngine(batch, prog as unknown as Props)), ...PROVIDER, __createIdentity: urn };
  const checked = await lifecycle.check(held?.outputs ?? {}, raw);
  if ((checked.failures ?? []).length > 0) throw new Error(JSON.stringify(checked.failures));
  const news = { ...stored(checked.inputs as Props), ...PROVIDER };
  try {
    if (held === undefined) {
      const created = await lifecycle.create(news);
      return { held: { id: created.id, outputs: { ...stored(created.outs as Props), ...PROVIDER } } };
    }
    const diff = await lifecycle.diff(held.id, held.outputs, news);
    if (!diff.changes) return { held };
    const updated = await lifecycle.update(held.id, held.outputs, news);
    return { held: { id: held.id, outputs: { ...stored(updated.outs as Props), ...PROVIDER } } };
  } catch (error) {
    // An init failure names the resource: the engine records it (ErrorResourceInitFailed).
    const { id, properties } = error as { id?: unknown; properties?: unknown };
    const recorded =
      held ??
      (typeof id === "string" && id !== ""
        ? { id, outputs: { ...stored(properties as Props), ...PROVIDER } }
        : undefined);
    return { held: recorded, error: error as Error };
  }
}

describe("properties: a plain re-run after any unclear create", () => {
  test.prop(
    [
      // The first program, and the one the user re-runs with (the same, or changed: a typo fixed,
      // calls added or removed, settings edited; the agent stays, its batches are where we look).
      program(world.t0).chain((first) =>
        fc.tuple(fc.constant(first), fc.oneof(fc.constant(first), changeOf(first, world.t0))),
      ),
      schedules,
      latitude,
    ],
    runs(25),
  )(
    "ends with exactly one batch, the one the engine holds, and never has two",
    async ([first, second], schedule, lat) => {
      await newCase(world, lat, schedule);
      const urn = `urn:pulumi:dev::campaigns::pulumi-nodejs:dynamic/ultravox:ScheduledBatch::c-${randomUUID()}`;
      const log = () => world.proxy.log.map((r) => `${r.method} ${r.path}${r.fault ? ` [${r.fault}]` : ""}`);

      const run1 = await upAs(urn, first, undefined);
      world.proxy.calm();
      expect((await batchesOf(world, first.agentId)).length, log().join(", ")).toBeLessThanOrEqual(1);
      const made = (await batchesOf(world, first.agentId)).length === 1;
      outcomes.push(
        run1.error === undefined
          ? "clear create"
          : run1.held !== undefined
            ? "unclear, the engine has the id"
            : made
              ? "unclear, a batch the engine does not know"
              : "unclear, no batch made",
      );
      if (run1.error === undefined) return; // a clear create: other properties cover it

      const run2 = await upAs(urn, second, run1.held);

      const batches = await batchesOf(world, first.agentId);
      expect(run2.error, `${run2.error?.message}\nrequests: ${log().join(", ")}`).toBeUndefined();
      expect(
        batches.map((b) => b.batchId),
        `requests: ${log().join(", ")}`,
      ).toEqual([run2.held?.id]);
    },
    timeLimit(25),
  );
});
