import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { EmulatorAdmin } from "../../scripts/lib/emulator-admin";
import { claimBatch, resetClaims } from "../../src/batch/claims";
import { UltravoxClient } from "../../src/batch/client";
import { createTokenFor, withCreateToken } from "../../src/batch/create-token";
import { EarlierCreateLookupError, findEarlierBatch } from "../../src/batch/earlier-create";
import { type RunningEmulator, startEmulator } from "../../src/emulator";
import { AGENT, API_KEY } from "../fixtures";
import { BATCH, batch, startServer } from "./scripted-server";

/** findEarlierBatch against the emulator: which batches it reads, takes, skips and refuses to judge. */

const URN = "urn:pulumi:dev::campaigns::pulumi-nodejs:dynamic/ultravox:ScheduledBatch::march";
const TOKEN = createTokenFor(URN);
const BATCHES = `/api/agents/${AGENT}/scheduled_batches`;

let emulator: RunningEmulator;
let admin: EmulatorAdmin;
let client: UltravoxClient;

beforeAll(async () => {
  emulator = await startEmulator({ clock: "manual", apiKeys: [API_KEY] });
  admin = new EmulatorAdmin(emulator);
  client = new UltravoxClient({ apiKey: API_KEY, baseUrl: emulator.url });
});
afterAll(() => emulator?.close());
beforeEach(async () => {
  await admin.request("POST", "/_emulator/reset");
  resetClaims();
});

/** A batch made straight at the service, its first call carrying `token` if given. */
async function made(calls: number, token?: string): Promise<string> {
  const body = {
    calls: Array.from({ length: calls }, () => ({ medium: { webRtc: {} } })),
    webhookUrl: "https://hooks.example.com/x",
  };
  const { json } = await admin.request("POST", BATCHES, token ? withCreateToken(body, token) : body);
  return (json as { batchId: string }).batchId;
}

describe("findEarlierBatch", () => {
  it("takes the batch carrying the token, whatever its size, and claims it", async () => {
    await made(2);
    const ours = await made(5, TOKEN); // the user added calls since: the size does not decide
    await made(2, createTokenFor(`${URN}-other`));

    const found = await findEarlierBatch(client, AGENT, TOKEN, 2);

    expect(found?.batchId).toBe(ours);
    expect(claimBatch(ours)).toBe(false); // claimed for this resource
  });

  it("finds nothing when no batch carries the token, after reading each one's calls once", async () => {
    const a = await made(1);
    const b = await made(1, createTokenFor(`${URN}-other`));
    await admin.clearJournal();

    expect(await findEarlierBatch(client, AGENT, TOKEN, 1)).toBeUndefined();
    expect(await findEarlierBatch(client, AGENT, createTokenFor(`${URN}-third`), 1)).toBeUndefined();

    const calls = (await admin.requests()).filter((line) => line.endsWith("/scheduled_calls"));
    expect(calls.sort()).toEqual(
      [`GET ${BATCHES}/${a}/scheduled_calls`, `GET ${BATCHES}/${b}/scheduled_calls`].sort(),
    );
  });

  it("skips batches other resources of this run own, and the batch a deliberate re-dial replaces", async () => {
    const claimed = await made(1, TOKEN);
    claimBatch(claimed);
    expect(await findEarlierBatch(client, AGENT, TOKEN, 1)).toBeUndefined();

    resetClaims();
    const replaced = await made(1, TOKEN);
    await admin.request("DELETE", `${BATCHES}/${claimed}`);
    expect(await findEarlierBatch(client, AGENT, TOKEN, 1, replaced)).toBeUndefined();
  });

  it("refuses to judge when a batch's calls cannot be read, naming it; nothing was sent", async () => {
    const unreadable = await made(1);
    await admin.addFault({ kind: "status", status: 500, method: "GET", path: "/scheduled_calls$" });

    const error = await findEarlierBatch(client, AGENT, TOKEN, 1).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(EarlierCreateLookupError);
    expect((error as EarlierCreateLookupError).uncheckedBatchIds).toEqual([unreadable]);
    expect((error as Error).message).toContain("Nothing was sent");
  });

  it("a batch deleted between the listing and the read (the API's own 404) is gone, not unknown", async () => {
    const server = await startServer((req, res) => {
      const send = (status: number, payload: unknown) =>
        res.writeHead(status, { "Content-Type": "application/json" }).end(JSON.stringify(payload));
      if (req.url?.includes("/scheduled_calls")) return send(404, { detail: "Not found." });
      send(200, { results: [batch({ batchId: BATCH })], next: null, previous: null, total: 1 });
    });
    try {
      const scripted = new UltravoxClient({ apiKey: API_KEY, baseUrl: server.baseUrl });
      expect(await findEarlierBatch(scripted, AGENT, TOKEN, 1)).toBeUndefined();
    } finally {
      await server.close();
    }
  });
});
