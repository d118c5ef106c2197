/**
 * Each batch is claimed once per run: whether a resource created it or adopted it, a second
 * resource of the same `pulumi up` that names it with `adoptBatchId` is refused and records nothing,
 * so deleting one resource can never stop the other's campaign.
 */
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { up } from "./engine";
import { latitude, program } from "./generators";
import { newCase, runs, timeLimit, useWorld } from "./world";

const world = useWorld();

describe("properties: claims", () => {
  test.prop([program(world.t0), latitude, fc.constantFrom("created" as const, "adopted" as const)], runs(6))(
    "a batch a resource created or adopted in this run cannot be adopted by another resource of the run",
    async (prog, lat, how) => {
      await newCase(world, lat);
      let batchId: string;
      if (how === "adopted") {
        const { agentId, ...body } = prog;
        const made = await world.admin.request("POST", `/api/agents/${agentId}/scheduled_batches`, body);
        batchId = (made.json as { batchId: string }).batchId;
        const first = await up({ ...prog, adoptBatchId: batchId });
        expect(first.state?.id).toBe(batchId);
      } else {
        const first = await up({ ...prog });
        expect(first.error).toBeUndefined();
        batchId = first.state!.id;
      }
      // A second resource of the same run (no new claims) names the same batch.
      const second = await up({ ...prog, adoptBatchId: batchId });
      expect(
        second.state,
        "a second resource recorded a batch another resource of the run owns",
      ).toBeUndefined();
      expect(second.error?.message ?? "").toContain(batchId);
    },
    timeLimit(6),
  );
});
