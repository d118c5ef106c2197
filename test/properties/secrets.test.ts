/**
 * No secret (the API key, webhook secrets, SIP passwords, a secret the server chose) appears in the
 * state outside its secret-marked keys, in outputs, in the calls text, or in any message: check
 * failures, errors of a create under faults, of a refresh or an update.
 */
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { asError, CheckFailed, check, type Props, refresh, up } from "./engine";
import { faultSchedule, latitude, type Program, program, secretsOf } from "./generators";
import { API_KEY, batchesOf, newCase, runs, useWorld } from "./world";

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

/** Everything a user or a log may see: messages, and what an error records into state. */
function visible(error: unknown): string[] {
  if (error === undefined) return [];
  const e = error as { reasons?: unknown; properties?: Props };
  return [
    asError(error).message,
    JSON.stringify(e.reasons ?? []),
    JSON.stringify(withoutSecretKeys(e.properties)),
  ];
}

describe("properties: secrets", () => {
  test.prop([fc.option(faultSchedule, { nil: undefined }), program(world.t0), latitude, fc.boolean()], {
    numRuns: runs(20),
  })(
    "no secret appears in state outside its secret keys, in outputs, the calls text or any message",
    async (schedule, generated, lat, mistake) => {
      await newCase(world, lat, schedule ?? []);
      const prog = mistake ? withPasswordAsAddress(generated) : generated;
      const seen: string[] = [];

      try {
        await check({ ...prog });
      } catch (error) {
        expect(error).toBeInstanceOf(CheckFailed);
        seen.push(...visible(error));
      }
      if (seen.length === 0) {
        const created = await up({ ...prog });
        seen.push(...visible(created.error));
        world.proxy.calm();
        let state = created.state;
        if (state !== undefined) {
          seen.push(
            JSON.stringify(withoutSecretKeys(state.outputs)),
            JSON.stringify(withoutSecretKeys(state.inputs)),
          );
          try {
            state = await refresh(state);
            seen.push(
              JSON.stringify(withoutSecretKeys(state?.outputs)),
              JSON.stringify(withoutSecretKeys(state?.inputs)),
            );
            const again = await up({ ...prog }, state);
            seen.push(...visible(again.error), JSON.stringify(withoutSecretKeys(again.state?.outputs)));
          } catch (error) {
            seen.push(...visible(error));
          }
        }
      }

      const chosenByServer = (await batchesOf(world, prog.agentId)).map((b) => String(b.webhookSecret));
      const secrets = [API_KEY, ...secretsOf(generated), ...chosenByServer];
      for (const secret of secrets) {
        const leaks = seen.filter((text) => text.includes(secret));
        expect(leaks, `secret ${secret} leaked`).toEqual([]);
      }
    },
    180_000,
  );
});
