import type * as pulumi from "@pulumi/pulumi";
import { describe, expectTypeOf, it } from "vitest";
import type { CallThrottle, CallThrottleRule, ScheduledBatch } from "../../src/index";

/** The resource classes' output properties come from their tables (provider/output-properties.ts). */
describe("output properties derived from the tables", () => {
  it("types the batch's outputs, its id always present", () => {
    expectTypeOf<ScheduledBatch["batchId"]>().toEqualTypeOf<pulumi.Output<string>>();
    expectTypeOf<ScheduledBatch["totalCount"]>().toEqualTypeOf<pulumi.Output<number>>();
    expectTypeOf<ScheduledBatch["agentId"]>().toEqualTypeOf<pulumi.Output<string>>();
    expectTypeOf<ScheduledBatch["calls"]>().toEqualTypeOf<pulumi.Output<string>>();
    expectTypeOf<ScheduledBatch["endedAt"]>().toEqualTypeOf<pulumi.Output<string | undefined>>();
    expectTypeOf<ScheduledBatch["deletedOutsideAt"]>().toEqualTypeOf<pulumi.Output<string | undefined>>();
    expectTypeOf<ScheduledBatch["windowEndFilledByServer"]>().toEqualTypeOf<
      pulumi.Output<string | undefined>
    >();
  });

  it("types the throttle's outputs", () => {
    expectTypeOf<CallThrottle["throttleId"]>().toEqualTypeOf<pulumi.Output<string>>();
    expectTypeOf<CallThrottle["name"]>().toEqualTypeOf<pulumi.Output<string>>();
    expectTypeOf<CallThrottle["rules"]>().toEqualTypeOf<pulumi.Output<CallThrottleRule[]>>();
    expectTypeOf<CallThrottle["stateVersion"]>().toEqualTypeOf<pulumi.Output<number>>();
  });
});
