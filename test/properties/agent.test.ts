/**
 * The Agent keeps the batch's promises (its lifecycle in-process, as the dynamic door runs it, behind
 * the latitude proxy, which writes the call template with values the program never set): for any
 * name (unicode, from the table's schema) and call template, a create, refresh and unchanged program
 * send nothing more; a change sends one PATCH holding exactly the fields that differ, the template
 * whole; and the service then holds the program's name and template (read straight from the emulator).
 */
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { agent as definition } from "../../src/agent/definition";
import * as lifecycle from "../../src/provider/agent-lifecycle";
import { arbitraryFromSchema } from "./field-table";
import { latitude } from "./generators";
import { stable } from "./service-oracle";
import { newCase, runs, timeLimit, useWorld } from "./world";

const world = useWorld();

type Props = Record<string, unknown>;
interface Agent {
  name: string;
  callTemplate?: Props;
}
interface State {
  id: string;
  outputs: Props;
  inputs: Props;
}

const stored = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

// The name from its schema (any unicode the table allows); template keys as the API names them.
const name = arbitraryFromSchema("name", definition.inputs.name.schema) as fc.Arbitrary<string>;
const callTemplate = fc.record(
  {
    systemPrompt: fc.string({ maxLength: 40 }),
    temperature: fc.integer({ min: 0, max: 100 }).map((n) => n / 100),
    voice: fc.constantFrom("Mark", "Jessica"),
    languageHint: fc.constantFrom("en", "de-DE"),
    recordingEnabled: fc.boolean(),
    maxDuration: fc.constantFrom("600s", "1800.5s"),
    contextSchema: fc.constant({ type: "object", properties: { customerName: { type: "string" } } }),
    selectedTools: fc.constant([{ toolName: "hangUp" }]),
  },
  { requiredKeys: [] },
);
const agent: fc.Arbitrary<Agent> = fc.record({ name, callTemplate }, { requiredKeys: ["name"] });
const changeOf = (before: Agent) =>
  fc
    .record({ other: agent, take: fc.subarray(["name", "callTemplate"] as const, { minLength: 1 }) })
    .map(({ other, take }) => ({ ...before, ...Object.fromEntries(take.map((f) => [f, other[f]])) }));

async function check(program: Agent, olds: Props = {}): Promise<Props> {
  const result = await lifecycle.check(olds, stored(program) as unknown as Props);
  expect(result.failures ?? []).toEqual([]);
  return stored(result.inputs as Props);
}

async function up(program: Agent, state?: State): Promise<{ state: State; changed: boolean }> {
  const news = await check(program, state?.inputs);
  if (state === undefined) {
    const created = await lifecycle.create(news);
    return { state: { id: created.id, outputs: stored(created.outs as Props), inputs: news }, changed: true };
  }
  const diff = await lifecycle.diff(state.id, state.outputs, news);
  if (!diff.changes) return { state: { ...state, inputs: news }, changed: false };
  const updated = await lifecycle.update(state.id, state.outputs, news);
  return { state: { id: state.id, outputs: stored(updated.outs as Props), inputs: news }, changed: true };
}

async function refresh(state: State): Promise<State> {
  const result = await lifecycle.read(state.id, state.outputs);
  return {
    id: result.id ?? "",
    outputs: stored(result.props as Props),
    inputs: stored((result.inputs ?? state.inputs) as Props),
  };
}

/** The template the emulator holds, cut to the program's keys (the rest is the service's to fill in). */
async function held(agentId: string, program: Agent): Promise<Props> {
  const { json } = await world.admin.request("GET", `/api/agents/${agentId}`);
  const live = json as { name: string; callTemplate: Props | null };
  const template = live.callTemplate ?? {};
  const keys = Object.keys(program.callTemplate ?? {});
  return { name: live.name, callTemplate: Object.fromEntries(keys.map((k) => [k, template[k]])) };
}

const writes = () => world.proxy.log.filter((r) => r.method !== "GET");

describe("properties: an Agent unchanged and changed, the service filling in its template", () => {
  test.prop([agent.chain((a) => fc.tuple(fc.constant(a), changeOf(a))), latitude], runs(8))(
    "create, refresh and no change send nothing more; a change one PATCH of exactly the fields that differ",
    async ([before, after], lat) => {
      await newCase(world, lat);
      const created = await up(before);
      expect(writes().map((r) => r.method)).toEqual(["POST"]);
      const refreshed = await refresh(created.state);
      expect(refreshed.id).toBe(created.state.id);
      world.proxy.log.length = 0;
      expect((await up(before, refreshed)).changed).toBe(false);
      expect(world.proxy.log).toEqual([]);

      await up(after, refreshed);
      const sameTemplate = stable(before.callTemplate ?? {}) === stable(after.callTemplate ?? {});
      const differing = [
        ...(before.name === after.name ? [] : ["name"]),
        ...(sameTemplate ? [] : ["callTemplate"]),
      ];
      const sent = writes();
      expect(sent.map((r) => r.method)).toEqual(differing.length === 0 ? [] : ["PATCH"]);
      for (const patch of sent) {
        expect(Object.keys(patch.body as object).sort()).toEqual(differing.sort());
        if (!sameTemplate) expect((patch.body as Props).callTemplate).toEqual(after.callTemplate ?? {});
      }
      expect(stable(await held(created.state.id, after))).toBe(
        stable({ name: after.name, callTemplate: after.callTemplate ?? {} }),
      );

      // After the change, a refresh and the same program again: nothing more.
      const again = await refresh((await up(after, refreshed)).state);
      world.proxy.log.length = 0;
      expect((await up(after, again)).changed).toBe(false);
      expect(world.proxy.log).toEqual([]);
    },
    timeLimit(8),
  );
});
