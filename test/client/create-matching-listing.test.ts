import type http from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resetClaims } from "../../src/batch-claims";
import { PROVIDER_METADATA_PREFIX } from "../../src/call-lists";
import { UltravoxClient } from "../../src/client";
import { AmbiguousCreateError, createBatchSafely } from "../../src/safe-create";
import { AGENT, API_KEY, batch, recordingSleep, startServer, type TestServer } from "./scripted-server";

/**
 * Create-matching after a POST whose answer was lost reads the new batch's first listed call and
 * compares it with the one comparison of call lists: a listing that shows the requested call in the
 * service's own way is recognised; one holding another real password is not.
 */

const CREATED = "cccccccc-0000-0000-0000-00000000000c";
const SIP = { to: "sip:ada@sip.example.com", username: "ada", password: "pw-request" };
const request = {
  windowStart: "2030-01-15T09:00:00Z",
  windowEnd: "2030-01-15T17:00:00Z",
  calls: [{ medium: { sip: { outgoing: SIP } }, metadata: { lead: "1" } }],
};

let servers: TestServer[] = [];
beforeEach(() => resetClaims());
afterEach(async () => {
  await Promise.all(servers.map((server) => server.close()));
  servers = [];
});

/** A service that makes the batch, drops the POST's connection, and lists `firstCall` as its call. */
async function droppingService(firstCall: Record<string, unknown>): Promise<TestServer> {
  let created = false;
  const server = await startServer((req: http.IncomingMessage, res: http.ServerResponse) => {
    const send = (payload: unknown) =>
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(payload));
    if (req.method === "POST") {
      created = true;
      res.socket?.destroy();
    } else if ((req.url ?? "").includes("/scheduled_calls")) {
      send({ results: [firstCall], next: null });
    } else {
      const stored = batch({
        batchId: CREATED,
        totalCount: 1,
        webhookSecret: null,
        ...request,
        calls: undefined,
      });
      send({ results: created ? [stored] : [], next: null });
    }
  });
  servers.push(server);
  return server;
}

function listedCall(outgoing: Record<string, unknown>): Record<string, unknown> {
  return {
    status: "FUTURE",
    batchId: CREATED,
    callId: null,
    error: null,
    medium: { sip: { outgoing, incoming: null } },
    metadata: { lead: "1", [`${PROVIDER_METADATA_PREFIX}token`]: "t-1" },
    templateContext: null,
    experimentalSettings: { addedByService: true },
  };
}

function clientFor(server: TestServer): UltravoxClient {
  const { sleep } = recordingSleep();
  return new UltravoxClient({ apiKey: API_KEY, baseUrl: server.baseUrl, sleep, random: () => 0.5 });
}

describe("create-matching reads the listed call the service's way", () => {
  it("recognises the call with a hidden password, an added medium field and the provider's metadata", async () => {
    const server = await droppingService(
      listedCall({ to: SIP.to, username: SIP.username, password: "****", from: "", transport: "udp" }),
    );
    const result = await createBatchSafely(clientFor(server), AGENT, request);
    expect(result.batchId).toBe(CREATED);
    expect(server.requests.filter((r) => r.method === "POST")).toHaveLength(1);
  });

  it("does not take a batch whose call holds another real password", async () => {
    // Otherwise exactly the requested call, so only the password can tell them apart.
    const plain = { ...listedCall({ ...SIP, password: "pw-someone-else" }), metadata: { lead: "1" } };
    const server = await droppingService(plain);
    const error = await createBatchSafely(clientFor(server), AGENT, request).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AmbiguousCreateError);
    expect((error as Error).message).toContain("calls do not match");
    expect(server.requests.filter((r) => r.method === "POST")).toHaveLength(1);
  });
});
