/**
 * Creating under any fault schedule (429, 5xx with a JSON or HTML body, timeouts, dropped
 * connections, unreadable 2xx answers; before or after the service acted): at most one batch exists
 * for the resource (a foreign identical batch made just before is not its own), and either the engine holds its id or the error says exactly what to check.
 */
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { up } from "./engine";
import { faultSchedule, latitude, type Program, program } from "./generators";
import { faultsMet, useTallies } from "./tally";
import { batchesOf, newCase, runs, timeLimit, useWorld } from "./world";

const world = useWorld();
const tally = useTallies(__filename);

/**
 * The error tells the user which agent to look at and how to list its batches (`GET` of the
 * agent's batch list; a path naming one batch, or a POST quoted in passing, does not count).
 */
function saysWhatToCheck(message: string, agentId: string): boolean {
  const listing = `GET /api/agents/${agentId}/scheduled_batches`;
  return [...message.matchAll(new RegExp(listing.replaceAll("/", "\\/"), "g"))].some(
    (match) => message[match.index + listing.length] !== "/",
  );
}

/** A batch made straight at the service (another tool, another stack); its id. */
async function makeOutside(prog: Program): Promise<string> {
  const { agentId, ...body } = prog;
  const made = await world.admin.request("POST", `/api/agents/${agentId}/scheduled_batches`, body);
  if (made.status !== 201) throw new Error(`making the foreign batch failed: ${made.status}`);
  return (made.json as { batchId: string }).batchId;
}

describe("properties: create under faults", () => {
  test.prop([faultSchedule, program(world.t0), latitude, fc.boolean()], runs(12))(
    "under any fault schedule at most one batch exists and the engine has its id or the error says what to check",
    async (schedule, prog, lat, foreignTwin) => {
      await newCase(world, lat, schedule);
      // Someone else made an identical batch just before: it is theirs, never this resource's.
      const foreign = foreignTwin ? await makeOutside(prog) : undefined;
      const result = await up({ ...prog });
      world.proxy.calm();
      const batches = (await batchesOf(world, prog.agentId)).filter((b) => b.batchId !== foreign);
      const requests = world.proxy.log.map((r) => `${r.method} ${r.path}${r.fault ? ` [${r.fault}]` : ""}`);

      expect(batches.length, `batches after: ${requests.join(", ")}`).toBeLessThanOrEqual(1);
      const existing = batches[0]?.batchId as string | undefined;
      tally("create under faults").record(
        ...faultsMet(world.proxy.log),
        result.state !== undefined
          ? "engine recorded the batch"
          : existing === undefined
            ? "no batch, nothing recorded"
            : "batch unknown to the engine, error says what to check",
        ...(foreign === undefined ? [] : ["a foreign identical batch existed"]),
      );
      if (result.state !== undefined) {
        // The engine recorded an id: it must be the batch this create made.
        expect(result.state.id, `requests: ${requests.join(", ")}`).toBe(existing);
      } else if (existing !== undefined) {
        // A batch exists that the engine does not know: only a message saying what to check will do.
        const message = result.error?.message ?? "";
        expect(
          saysWhatToCheck(message, prog.agentId),
          `no id reached the engine, yet batch ${existing} exists; the error was: ${message}\nrequests: ${requests.join(", ")}`,
        ).toBe(true);
      }
    },
    timeLimit(12),
  );
});
