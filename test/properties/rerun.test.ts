/**
 * Every operation under faults, then the re-run. A fault schedule (429, 5xx with any body, timeouts,
 * resets, unreadable 2xx; before or after the service acted) meets one operation: create, update,
 * refresh, delete, adoption or import. Then the faults stop and the user does what the outcome asks:
 * runs `pulumi up` again (after a refresh, or not), the destroy again, the import again, or, for a
 * create whose batch the engine never learnt, what the error says (adopt the batch it names). Whatever
 * happened, the re-run converges: the service holds exactly one batch for the resource (none after a
 * delete), it is the one the engine holds, it holds what the program declares, field by field and
 * call by call (read straight from the emulator), and a refresh and `up` after it send nothing. On
 * the way the re-run sends at most one PATCH, carrying only fields that differ (from the service, or
 * from the state the engine kept when it did not refresh), never the calls unless the service's
 * calls differ, no second POST when a batch exists, and no DELETE.
 */
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { resetClaims } from "../../src/batch/claims";
import { batch } from "../../src/batch/definition";
import { decodeStoredState } from "../../src/fields/stored-state";
import { asError, destroy, importBatchAs, type Props, type ResourceState, refresh, up } from "./engine";
import { BODY_FIELDS, DEFAULTS } from "./field-table";
import { changeOf, faultSchedule, latitude, type Program, program } from "./generators";
import type { Latitude } from "./latitude";
import { differingFields, sameCalls, sameFieldValue } from "./service-oracle";
import { faultsMet, useTallies } from "./tally";
import { batchesOf, newCase, runs, timeLimit, useWorld } from "./world";

const world = useWorld();

const OPERATIONS = ["create", "update", "refresh", "delete", "adopt", "import"] as const;
type Operation = (typeof OPERATIONS)[number];

const tally = useTallies(__filename, Object.fromEntries(OPERATIONS.map((op) => [op, ["re-run converged"]])));

/** Where the case stands: the engine's state for the resource, and the program it now runs. */
interface Standing {
  state: ResourceState | undefined;
  program: Program & Props;
  /** The engine's state differs from the service's only where a failed step left it behind. */
  error?: Error;
  /** The program came from `pulumi import`: its calls carry no SIP password. */
  imported?: boolean;
}

/** A batch made straight at the service (the dashboard, another stack); its id. */
async function makeOutside(prog: Program): Promise<string> {
  const { agentId, ...body } = prog;
  const made = await world.admin.request("POST", `/api/agents/${agentId}/scheduled_batches`, body);
  if (made.status !== 201) throw new Error(`making the batch outside failed: ${made.status}`);
  return (made.json as { batchId: string }).batchId;
}

/** A fresh case's starting point for `op`, built without faults. */
async function arrange(
  op: Operation,
  prog: Program,
  next: Program,
): Promise<Standing & { batchId?: string }> {
  if (op === "create") return { state: undefined, program: prog };
  if (op === "adopt" || op === "import") {
    const batchId = await makeOutside(prog);
    return { state: undefined, program: { ...next, adoptBatchId: batchId }, batchId };
  }
  const created = await up({ ...prog });
  if (created.error !== undefined) throw created.error;
  const refreshed = await refresh(created.state!);
  return { state: refreshed, program: op === "update" ? next : prog };
}

/** The operation itself, under the fault schedule already set on the proxy. */
async function act(op: Operation, standing: Standing, batchId: string | undefined): Promise<Standing> {
  const { state, program: prog } = standing;
  switch (op) {
    case "create":
    case "update":
    case "adopt": {
      const result = await up({ ...prog }, state);
      return { ...standing, state: result.state, error: result.error };
    }
    case "refresh":
      try {
        return { ...standing, state: await refresh(state!) };
      } catch (error) {
        return { ...standing, error: asError(error) };
      }
    case "delete":
      try {
        await destroy(state!);
        return { ...standing, state: undefined };
      } catch (error) {
        return { ...standing, error: asError(error) };
      }
    case "import":
      try {
        const imported = await importBatchAs(`${prog.agentId}/${batchId}`);
        return { state: imported.state, program: imported.program as Program, imported: true };
      } catch (error) {
        return { ...standing, error: asError(error) };
      }
  }
}

/** The batch ids of the agent, as the service holds them. */
async function batchIds(agentId: string): Promise<string[]> {
  return (await batchesOf(world, agentId)).map((b) => String(b.batchId));
}

/** The user's next step after the operation, with the faults gone. */
async function rerun(
  op: Operation,
  standing: Standing,
  batchId: string | undefined,
  refreshFirst: boolean,
  lat: Latitude,
  labels: string[],
): Promise<Standing> {
  resetClaims(); // a new `pulumi up`
  let { state } = standing;
  if (op === "import" && state === undefined) {
    labels.push("import again");
    standing = await act("import", standing, batchId);
    if (standing.error !== undefined) throw standing.error;
    state = standing.state;
  }
  if (op === "delete") {
    if (state === undefined) return standing;
    labels.push("destroy again");
    await destroy(state);
    return { ...standing, state: undefined };
  }
  const existing = await batchIds(standing.program.agentId);
  let prog = standing.program;
  if (state === undefined && op === "create" && existing.length > 0) {
    // The engine never learnt the batch its create made. The user does what the error says: take the
    // batch over when it says so, else run `up` again; either way exactly one batch must result.
    expect(existing, "a create under faults made more than one batch").toHaveLength(1);
    if (standing.error?.message.includes("adoptBatchId")) {
      labels.push("create: adopt the batch the error points to");
      prog = { ...prog, adoptBatchId: existing[0] as string };
    } else labels.push("create: batch unknown to the engine, plain re-run");
  }
  if (
    state !== undefined &&
    standing.error?.message.includes("take the batch over without sending it again")
  ) {
    // A PATCH carrying calls whose outcome is unknown: the error asks to look at the calls first.
    const held = (await world.admin.storedCalls(prog.agentId, state.id)) as Props[];
    if (sameCalls(prog.calls, held)) {
      labels.push("update: calls show the new list, adopt as the error says");
      prog = { ...prog, adoptBatchId: state.id };
      state = undefined;
    } else labels.push("update: calls show the old list, up again as the error says");
  }
  if (state !== undefined && refreshFirst) {
    labels.push("refresh before re-run");
    state = await refresh(state);
    expect(state, "refresh lost a batch the service holds").toBeDefined();
  }
  const expected = expectation({ ...standing, program: prog }, lat);
  const differing =
    existing.length === 1 ? await differingFields(world, prog, existing[0] as string, expected) : [];
  const stale = state === undefined ? [] : staleFields(state, prog);
  world.proxy.log.length = 0;
  const result = await up({ ...prog }, state);
  expect(result.error, `re-run failed: ${result.error?.message}`).toBeUndefined();
  const writes = world.proxy.log.filter((r) => r.method !== "GET");
  const posts = writes.filter((r) => r.method === "POST");
  const patches = writes.filter((r) => r.method === "PATCH");
  expect(
    writes.filter((r) => r.method === "DELETE"),
    "the re-run deleted",
  ).toEqual([]);
  expect(posts.length, "the re-run POSTed beside an existing batch").toBe(
    existing.length === 0 && prog.adoptBatchId === undefined ? 1 : 0,
  );
  expect(patches.length, "more than one PATCH").toBeLessThanOrEqual(1);
  for (const patch of patches) {
    const sent = Object.keys(patch.body as Props);
    labels.push(`re-run PATCH: ${sent.sort().join(", ")}`);
    // Without a refresh the engine's state may be behind the service (a step that acted but failed):
    // resending an idempotent field it holds stale is allowed; the calls never, unless they differ.
    const allowed = new Set([...differing, ...stale.filter((f) => f !== "calls")]);
    if (!existing.length) for (const f of sent) allowed.add(f);
    expect(
      sent.filter((f) => !allowed.has(f)),
      `PATCHed fields that do not differ (service differs in ${differing}, state in ${stale})`,
    ).toEqual([]);
  }
  if (patches.length === 0 && posts.length === 0) labels.push("re-run sent no write");
  return { ...standing, state: result.state, program: prog, error: undefined };
}

/** What the oracle may allow for a standing (an imported program carries no SIP password). */
function expectation(standing: Standing, lat: Latitude) {
  return {
    // Window ends the service filled in on a create stay; an adoption clears what the program leaves out.
    mayFill: lat.fillWindow && standing.program.adoptBatchId === undefined,
    callsWithoutPasswords: standing.imported === true,
  };
}

/** Body fields whose applied value in the engine's state differs from the program's. */
function staleFields(state: ResourceState, prog: Program): string[] {
  const applied = decodeStoredState(batch, state.outputs).applied as Props;
  return BODY_FIELDS.filter(
    (field) => !sameFieldValue(field, applied[field] ?? DEFAULTS[field], prog[field] ?? DEFAULTS[field]),
  );
}

const scenario = program(world.t0).chain((prog) =>
  fc.record({ prog: fc.constant(prog), next: changeOf(prog, world.t0) }),
);

for (const op of OPERATIONS) {
  describe(`properties: ${op} under faults, then the re-run`, () => {
    test.prop([scenario, faultSchedule, latitude, fc.boolean()], runs(4))(
      `${op} under any fault schedule, then the re-run converges with at most the PATCHes that differ`,
      async ({ prog, next }, schedule, lat, refreshFirst) => {
        await newCase(world, lat);
        const arranged = await arrange(op, prog, next);
        world.proxy.reset(lat, schedule);
        const acted = await act(op, arranged, arranged.batchId);
        world.proxy.calm();
        const labels = [
          ...faultsMet(world.proxy.log),
          acted.error === undefined ? `${op} succeeded` : `${op} failed`,
          `${prog.calls.length > 4 ? "5-12" : "1-4"} calls`,
          ...(lat.pageSizeCap > 0 ? ["listings in pages of 1-3"] : []),
        ];
        const done = await rerun(op, acted, arranged.batchId, refreshFirst, lat, labels);

        const ids = await batchIds(done.program.agentId);
        if (op === "delete") {
          expect(ids, "a batch outlived its delete and the re-run").toEqual([]);
        } else {
          expect(ids, "exactly one batch for the resource").toHaveLength(1);
          expect(done.state?.id).toBe(ids[0]);
          expect(
            await differingFields(world, done.program, ids[0] as string, expectation(done, lat)),
            "fields where the service differs from the program after the re-run",
          ).toEqual([]);
          // Converged for good: a refresh and `up` after it send nothing.
          const settled = await refresh(done.state!);
          world.proxy.log.length = 0;
          const again = await up({ ...done.program }, settled);
          expect(again.changed, "a change after convergence").toBe(false);
          expect(world.proxy.log.map((r) => `${r.method} ${r.path}`)).toEqual([]);
        }
        labels.push("re-run converged");
        tally(op).record(...labels);
      },
      timeLimit(4),
    );
  });
}
