import { describe, expect, it, vi } from "vitest";
import type * as ApiErrors from "../../src/http/api-errors";
import { UltravoxApiError } from "../../src/http/api-errors";
import {
  isBatchNotFoundUnprovenError,
  isInvalidIdError,
  isNotJsonError,
  isUltravoxApiError,
  isUltravoxNetworkError,
  isUltravoxRequestError,
  isUltravoxResponseError,
  ScheduledBatch,
  UltravoxClient,
} from "../../src/index";
import { AGENT, API_KEY, BATCH, closedAfterEach, json, refusedPort, text } from "./scripted-server";

const { scripted, serve } = closedAfterEach();

/** Imported again after vi.resetModules(): a second copy of the module, with classes of its own. */
const API_ERRORS = "../../src/http/api-errors";

const guards = {
  isUltravoxApiError,
  isUltravoxNetworkError,
  isUltravoxResponseError,
  isInvalidIdError,
  isBatchNotFoundUnprovenError,
  isNotJsonError,
};

/** The names of the guards (isUltravoxRequestError aside) that accept `value`. */
function accepting(value: unknown): string[] {
  return Object.entries(guards)
    .filter(([, guard]) => guard(value))
    .map(([name]) => name);
}

function client(baseUrl: string): UltravoxClient {
  return new UltravoxClient({ apiKey: API_KEY, baseUrl, retry: { maxAttempts: 1 }, sleep: async () => {} });
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error("expected a rejection");
}

describe("each error the client throws is recognised by its own guard only", () => {
  it("an error status from the service is an UltravoxApiError", async () => {
    const server = await serve(json(400, { detail: "bad window" }));
    const err = await caught(client(server.baseUrl).getBatch(AGENT, BATCH));
    expect(accepting(err)).toEqual(["isUltravoxApiError"]);
    expect(isUltravoxRequestError(err)).toBe(true);
  });

  it("a refused connection is an UltravoxNetworkError", async () => {
    const port = await refusedPort();
    const err = await caught(client(`http://127.0.0.1:${port}`).getBatch(AGENT, BATCH));
    expect(accepting(err)).toEqual(["isUltravoxNetworkError"]);
    expect(isUltravoxRequestError(err)).toBe(true);
  });

  it("a 200 whose body is not JSON is an UltravoxResponseError", async () => {
    const server = await serve(text(200, "<html>ok</html>"));
    const err = await caught(client(server.baseUrl).getBatch(AGENT, BATCH));
    expect(accepting(err)).toEqual(["isUltravoxResponseError"]);
    expect(isUltravoxRequestError(err)).toBe(true);
  });

  it("an id that cannot go into a path is an InvalidIdError, not a request error", async () => {
    const err = await caught(client("http://127.0.0.1:9").getBatch(AGENT, "../other"));
    expect(accepting(err)).toEqual(["isInvalidIdError"]);
    expect(isUltravoxRequestError(err)).toBe(false);
  });

  it("a 404 that is not the API's own is a BatchNotFoundUnprovenError", async () => {
    const server = await scripted([text(404, "Not Found")]);
    const api = client(server.baseUrl);
    const notFound = await caught(api.getBatch(AGENT, BATCH));
    const err = await caught(api.batchIsGone(AGENT, notFound));
    expect(accepting(err)).toEqual(["isBatchNotFoundUnprovenError"]);
  });

  it("a call value without a JSON form makes new ScheduledBatch throw a NotJsonError", () => {
    let err: unknown;
    try {
      new ScheduledBatch("guards", { agentId: AGENT, calls: [{ medium: { phone: new Map() } } as never] });
    } catch (thrown) {
      err = thrown;
    }
    expect(accepting(err)).toEqual(["isNotJsonError"]);
  });
});

describe("the guards recognise errors from another copy of the package", () => {
  it("an error built by a second copy of the modules passes the guard, though instanceof fails", async () => {
    vi.resetModules();
    const copy: typeof ApiErrors = await import(API_ERRORS);
    const details = { method: "GET", path: "/api/x", attempts: 1, mayHaveActed: false, sentAtMs: 0 };
    const api = new copy.UltravoxApiError("m", {
      ...details,
      status: 500,
      apiMessage: "m",
      fieldErrors: undefined,
      fromApi: true,
    });
    const network = new copy.UltravoxNetworkError("m", {
      ...details,
      ambiguous: false,
      code: "ECONNREFUSED",
    });
    const response = new copy.UltravoxResponseError("m", { ...details, status: 200 });
    expect(api).not.toBeInstanceOf(UltravoxApiError);
    expect(accepting(api)).toEqual(["isUltravoxApiError"]);
    expect(accepting(network)).toEqual(["isUltravoxNetworkError"]);
    expect(accepting(response)).toEqual(["isUltravoxResponseError"]);
    expect([api, network, response].every(isUltravoxRequestError)).toBe(true);
  });

  it("a look-alike with the name but not the shape is refused", () => {
    const lookAlikes = [
      Object.assign(new Error("x"), { name: "UltravoxApiError" }),
      Object.assign(new Error("x"), { name: "UltravoxNetworkError", method: "GET" }),
      Object.assign(new Error("x"), { name: "NotJsonError" }),
      { name: "InvalidIdError" },
      "UltravoxApiError",
      null,
      undefined,
      new Error("plain"),
    ];
    for (const value of lookAlikes) {
      expect(accepting(value)).toEqual([]);
      expect(isUltravoxRequestError(value)).toBe(false);
    }
  });
});
