/**
 * Creating under any fault schedule (429, 5xx with a JSON or HTML body, timeouts, dropped
 * connections, unreadable 2xx answers; before or after the service acted): at most one batch exists
 * for the resource, and either the engine holds its id or the error says exactly what to check.
 */
import { test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { up } from "./engine";
import { faultSchedule, latitude, program } from "./generators";
import { batchesOf, newCase, runs, useWorld } from "./world";

const world = useWorld();

/** The error tells the user which agent to look at and how to list its batches. */
function saysWhatToCheck(message: string, agentId: string): boolean {
  return message.includes(agentId) && message.includes(`/api/agents/${agentId}/scheduled_batches`);
}

describe("properties: create under faults", () => {
  test.prop([faultSchedule, program(world.t0), latitude], { numRuns: runs(30) })(
    "under any fault schedule at most one batch exists and the engine has its id or the error says what to check",
    async (schedule, prog, lat) => {
      await newCase(world, lat, schedule);
      const result = await up({ ...prog });
      world.proxy.calm();
      const batches = await batchesOf(world, prog.agentId);
      const requests = world.proxy.log.map((r) => `${r.method} ${r.path}${r.fault ? ` [${r.fault}]` : ""}`);

      expect(batches.length, `batches after: ${requests.join(", ")}`).toBeLessThanOrEqual(1);
      const existing = batches[0]?.batchId as string | undefined;
      if (result.state !== undefined) {
        // The engine recorded an id: it must be the batch that exists.
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
    180_000,
  );
});
