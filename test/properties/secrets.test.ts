/**
 * No secret (the API key, webhook secrets, SIP passwords, a secret the server chose) appears in the
 * state outside its secret-marked keys, in outputs, in the calls text, or in any message: check
 * failures, errors of a create under faults, of a refresh or an update.
 */
import { inspect } from "node:util";
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { asError, CheckFailed, check, type Props, type ResourceState, refresh, up } from "./engine";
import { changeOf, latitude, leakProneSchedule, type Program, program, secretsOf } from "./generators";
import { API_KEY, batchesOf, newCase, runs, timeLimit, useWorld } from "./world";

const world = useWorld();

/** Keys the resource marks secret in state (webhookSecret, callSecrets). */
const SECRET_KEYS = ["webhookSecret", "callSecrets"];

function withoutSecretKeys(props: Props | undefined): Props {
  return Object.fromEntries(Object.entries(props ?? {}).filter(([key]) => !SECRET_KEYS.includes(key)));
}

/** The program with a SIP `to` mistakenly set to the call's password (so check must refuse it). */
function withPasswordAsAddress(prog: Program): Program {
  let done = false;
  const calls = prog.calls.map((c) => {
    const outgoing = (c.medium as { sip?: { outgoing?: Props } } | undefined)?.sip?.outgoing;
    if (done || typeof outgoing?.password !== "string") return c;
    done = true;
    return { ...c, medium: { sip: { outgoing: { ...outgoing, to: outgoing.password } } } };
  });
  return { ...prog, calls };
}

/**
 * Everything a user or a log may see of an error: its message, and every field a logger prints
 * (`util.inspect`), except `properties`, which the engine records as state: that is judged without
 * its secret keys.
 */
function visible(error: unknown): string[] {
  if (error === undefined) return [];
  const { properties, ...fields } = error as { properties?: Props };
  return [
    asError(error).message,
    inspect(
      { ...fields, message: asError(error).message },
      { depth: 8, breakLength: Number.POSITIVE_INFINITY },
    ),
    JSON.stringify(withoutSecretKeys(properties)),
  ];
}

/** A program, a later version of it (new secrets, maybe), and the faults each `up` meets. */
const scenario = program(world.t0).chain((prog) =>
  fc.record({
    prog: fc.constant(prog),
    next: changeOf(prog, world.t0),
    createFaults: fc.option(leakProneSchedule, { nil: undefined }),
    updateFaults: fc.option(leakProneSchedule, { nil: undefined }),
  }),
);

describe("properties: secrets", () => {
  test.prop([scenario, latitude, fc.boolean()], runs(10))(
    "no secret appears in state outside its secret keys, in outputs, the calls text or any message",
    async ({ prog: generated, next, createFaults, updateFaults }, lat, mistake) => {
      await newCase(world, lat, createFaults ?? []);
      const prog = mistake ? withPasswordAsAddress(generated) : generated;
      const seen: string[] = [];
      const record = (state: ResourceState | undefined) =>
        seen.push(
          JSON.stringify(withoutSecretKeys(state?.outputs)),
          JSON.stringify(withoutSecretKeys(state?.inputs)),
        );

      try {
        await check({ ...prog });
      } catch (error) {
        expect(error).toBeInstanceOf(CheckFailed);
        seen.push(...visible(error));
      }
      if (seen.length === 0) {
        const created = await up({ ...prog });
        seen.push(...visible(created.error));
        record(created.state);
        world.proxy.reset(lat);
        try {
          const refreshed = created.state && (await refresh(created.state));
          record(refreshed);
          world.proxy.reset(lat, updateFaults ?? []);
          const updated = refreshed && (await up({ ...next }, refreshed));
          seen.push(...visible(updated?.error));
          record(updated?.state);
        } catch (error) {
          seen.push(...visible(error));
        }
      }

      const chosenByServer = (await batchesOf(world, prog.agentId)).map((b) => String(b.webhookSecret));
      const secrets = [API_KEY, ...secretsOf(generated), ...secretsOf(next), ...chosenByServer];
      for (const secret of secrets) {
        const leaks = seen.filter((text) => text.includes(secret));
        expect(leaks, `secret ${secret} leaked`).toEqual([]);
      }
    },
    timeLimit(10),
  );
});
