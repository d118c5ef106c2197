import { describe, expect, it } from "vitest";
import { RedialRefusedError } from "../../src/batch/redial-guard";
import { UnreadCreatedBatchError } from "../../src/batch/safe-create";
import { AppliedButUnreadError } from "../../src/fields/applied-unread";
import { ResourceInitError } from "../../src/fields/init-error";
import { UltravoxNetworkError } from "../../src/http/api-errors";
import * as root from "../../src/index";
import { errorForEngine } from "../../src/plugin/grpc-errors";
import type { ThrottleClient, ThrottleResponse } from "../../src/throttle/client";
import { createThrottleSafely, UnreadCreatedThrottleError } from "../../src/throttle/safe-create";

const request = { method: "POST", path: "/api/x", attempts: 1, sentAtMs: 0 };

/** Every error class the package throws on purpose, with whether the service may have acted. */
const instances: [root.UltravoxError, boolean][] = [
  [
    new root.UltravoxNetworkError("reset", {
      ...request,
      mayHaveActed: true,
      ambiguous: true,
      code: "ECONNRESET",
    }),
    true,
  ],
  [new root.InvalidIdError("bad id"), false],
  [new root.NotJsonError("calls[0]", "a Map"), false],
  [new root.CancelledError("cancelled"), false],
  [new root.BatchNotFoundUnprovenError("proxy 404", "scheduled batch"), false],
  [new root.NotFoundUnprovenError("proxy 404", "call throttle"), false],
  [new root.AmbiguousCreateError("unclear", "scheduled batch", ["b1"], "agent-1"), true],
  [new root.EarlierCreateLookupError("look failed", "scheduled batch", ["b2"], "agent-1"), false],
  [new ResourceInitError("partial", "b3", {}), true],
  [new AppliedButUnreadError("unread"), true],
  [new RedialRefusedError("would re-dial"), false],
  [new UnreadCreatedBatchError("unread", "agent-1", "b4"), true],
  [new UnreadCreatedThrottleError("unread", "t1"), true],
];

describe("the error base", () => {
  it.each(instances.map(([e, acted]) => [e.name, e, acted] as const))(
    "%s extends UltravoxError",
    (_name, error, acted) => {
      expect(error).toBeInstanceOf(root.UltravoxError);
      expect(error.mayHaveActed).toBe(acted);
    },
  );

  it("keeps the batch-only field names on the generic create errors", () => {
    const ambiguous = new root.AmbiguousCreateError("unclear", "scheduled batch", ["b1"], "agent-1");
    expect([ambiguous.agentId, ambiguous.candidateBatchIds]).toEqual(["agent-1", ["b1"]]);
    const lookup = new root.EarlierCreateLookupError("look failed", "scheduled batch", ["b2"], "agent-1");
    expect([lookup.agentId, lookup.uncheckedBatchIds]).toEqual(["agent-1", ["b2"]]);
    expect(new UnreadCreatedBatchError("unread", "agent-1", "b4").batchId).toBe("b4");
  });

  it("no error but a ResourceInitError carries an `id` the engine would read as a live resource", () => {
    for (const [error] of instances) {
      if (!(error instanceof ResourceInitError)) expect(error).not.toHaveProperty("id");
    }
  });
});

describe("the plugin's init error", () => {
  it("is recognised by its class, not by an `id` field", () => {
    const lookalike = Object.assign(new Error("x"), { id: "b1", properties: {} });
    expect(errorForEngine(lookalike).metadata.get("grpc-status-details-bin")).toEqual([]);
    const init = new ResourceInitError("partial", "b1", { agentId: "a" });
    expect(errorForEngine(init).metadata.get("grpc-status-details-bin")).toHaveLength(1);
  });
});

describe("a throttle create that cannot be settled", () => {
  const body = { name: "weekday", rules: [{ maxCalls: 1 }] };
  const live = (throttleId: string) => ({ throttleId, ...body }) as unknown as ThrottleResponse;
  const client = (listed: ThrottleResponse[]) =>
    ({
      createThrottle: () =>
        Promise.reject(
          new UltravoxNetworkError("reset", {
            ...request,
            mayHaveActed: true,
            ambiguous: true,
            code: "ECONNRESET",
          }),
        ),
      async *listThrottles() {
        yield* listed;
      },
    }) as unknown as ThrottleClient;

  it("throws the generic AmbiguousCreateError naming both candidates", async () => {
    const error = await createThrottleSafely(client([live("t-a"), live("t-b")]), body).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(root.AmbiguousCreateError);
    expect((error as root.AmbiguousCreateError).ids).toEqual(["t-a", "t-b"]);
    expect((error as root.AmbiguousCreateError).resource).toBe("call throttle");
  });

  it("throws AmbiguousCreateError with no candidate when none matches", async () => {
    const error = await createThrottleSafely(client([]), body).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(root.AmbiguousCreateError);
    expect((error as root.AmbiguousCreateError).ids).toEqual([]);
  });
});
