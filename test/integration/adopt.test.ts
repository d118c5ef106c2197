import { describe, expect, it } from "vitest";
import {
  AGENT,
  batchPath,
  checked,
  createBatch,
  engineForm,
  goodArgs,
  onlyRequest,
  PROVIDER_TEXT,
  type Props,
  provider,
  rejection,
  useEmulator,
  without,
} from "./harness";

/**
 * Adopting an existing batch (`adoptBatchId`): read it, PATCH only what differs, never POST; when
 * the PATCH fails the error still hands the engine the batch's id and state, so it is not orphaned.
 */

const env = useEmulator();

/** A batch made directly through the API (as in the Ultravox console), returning its id. */
async function existingBatch(body: Props): Promise<string> {
  const { status, json } = await env.admin.request("POST", `/api/agents/${AGENT}/scheduled_batches`, body);
  expect(status).toBe(201);
  return (json as { batchId: string }).batchId;
}

/** The batch body the program declares, without agentId (it travels in the path). */
function apiBody(args: Props): Props {
  return without(args, "agentId");
}

function requestLines(journal: { method: string; path: string }[]): string[] {
  return journal.map((entry) => `${entry.method} ${entry.path}`);
}

describe("adoptBatchId", () => {
  it("reads the batch and its calls, PATCHes only the differing fields, and never POSTs", async () => {
    const program = goodArgs(env);
    const batchId = await existingBatch(
      apiBody({ ...program, throttle: "from-console", webhookUrl: "https://console.example.com/hook" }),
    );
    const inputs = await checked({ ...program, adoptBatchId: batchId });
    const batchCount = (await env.admin.batches(AGENT)).length;
    await env.admin.clearJournal();

    const result = await provider.create(inputs);

    const journal = await env.admin.journal();
    expect(requestLines(journal)).toEqual([
      `GET ${batchPath(batchId)}`,
      `GET ${batchPath(batchId)}/scheduled_calls`,
      `PATCH ${batchPath(batchId)}`,
    ]);
    expect(journal[2]!.body).toEqual({ throttle: program.throttle, webhookUrl: program.webhookUrl });
    expect(result.id).toBe(batchId);
    expect(await env.admin.batches(AGENT)).toHaveLength(batchCount);
  });

  it("sends no PATCH when the batch already matches, and returns complete outputs", async () => {
    const program = goodArgs(env);
    const batchId = await existingBatch(apiBody(program));
    const inputs = await checked({ ...program, adoptBatchId: batchId });
    await env.admin.clearJournal();

    const result = await provider.create(inputs);

    expect(await env.admin.requests()).toEqual([
      `GET ${batchPath(batchId)}`,
      `GET ${batchPath(batchId)}/scheduled_calls`,
    ]);
    const { json: live } = await env.admin.batch(AGENT, batchId);
    expect(result).toEqual({
      id: batchId,
      outs: engineForm({
        ...program,
        adoptBatchId: batchId,
        batchId,
        created: live.created,
        totalCount: 2,
        completedCount: 0,
        webhookSecretChosenByServer: false,
        stateVersion: 3,
      }),
    });
  });

  it("a changed call list is sent whole, and a server-chosen secret is left alone", async () => {
    const program = without(goodArgs(env), "webhookSecret");
    const batchId = await existingBatch(apiBody({ ...program, calls: [{ medium: { webRtc: {} } }] }));
    const inputs = await checked({ ...program, adoptBatchId: batchId });
    await env.admin.clearJournal();

    const result = await provider.create(inputs);

    const journal = await env.admin.journal();
    expect(journal.map((entry) => entry.method)).toEqual(["GET", "GET", "PATCH"]);
    expect(journal[2]!.body).toEqual({ calls: program.calls });
    const { json: live } = await env.admin.batch(AGENT, batchId);
    expect(result.outs).toMatchObject({
      webhookSecret: live.webhookSecret,
      webhookSecretChosenByServer: true,
    });
  });

  it("a batch that does not exist is an error naming it, and nothing is created", async () => {
    const missing = "aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee";
    const inputs = await checked({ ...goodArgs(env), adoptBatchId: missing });
    await env.admin.clearJournal();

    const error = await rejection(provider.create(inputs));
    expect(error.message).toContain(missing);
    expect(error.message).toContain("does not exist");
    expect(error).not.toHaveProperty("id");
    // The 404 counts as "does not exist" only once the agent's list answers under this key.
    expect(await env.admin.requests()).toEqual([
      `GET ${batchPath(missing)}`,
      `GET /api/agents/${AGENT}/scheduled_batches`,
    ]);
  });

  it("a failed PATCH still reports the adopted batch (id, state with __provider, reasons)", async () => {
    const program = goodArgs(env);
    const batchId = await existingBatch(apiBody({ ...program, throttle: "from-console" }));
    const inputs = await checked({ ...program, adoptBatchId: batchId });
    await env.admin.addFault({ kind: "status", status: 500, method: "PATCH", count: 10 });
    await env.admin.clearJournal();

    const error = await rejection(provider.create(inputs));

    const journal = await env.admin.journal();
    expect(journal.map((entry) => [entry.method, entry.status])).toEqual([
      ["GET", 200],
      ["GET", 200],
      ["PATCH", 500],
    ]);
    expect(error.message).toContain(batchId);
    expect(error.message).toContain("500");
    // What the dynamic-provider host reads to record the batch instead of orphaning it.
    expect(error.id).toBe(batchId);
    const properties = error.properties as Props;
    expect(properties.__provider).toBe(PROVIDER_TEXT);
    expect(properties).toMatchObject({ batchId, agentId: AGENT, throttle: "from-console" });
    expect(error.reasons).toEqual([expect.stringContaining("500")]);

    // The next `up` diffs the program against that recorded state: one PATCH converges it.
    await env.admin.clearFaults();
    await env.admin.clearJournal();
    const news = await checked({ ...program, adoptBatchId: batchId });
    expect(await provider.diff!(batchId, properties, news)).toMatchObject({ changes: true, replaces: [] });
    await provider.update!(batchId, properties, news);
    const patch = await onlyRequest(env);
    expect(patch.body).toEqual({ throttle: program.throttle });
  });

  it("a second resource adopting the same batch in one run is refused before any request", async () => {
    const program = goodArgs(env);
    const batchId = await existingBatch(apiBody(program));
    const inputs = await checked({ ...program, adoptBatchId: batchId });
    expect((await provider.create(inputs)).id).toBe(batchId);
    await env.admin.clearJournal();

    const error = await rejection(provider.create(inputs));
    expect(error.message).toContain(`batch ${batchId} is already managed by another resource`);
    expect(error).not.toHaveProperty("id");
    expect(await env.admin.requests()).toEqual([]);
  });

  it("a batch this create made is never adopted by another resource of the run", async () => {
    const created = await createBatch(goodArgs(env));
    await env.admin.clearJournal();
    const inputs = await checked({ ...goodArgs(env), adoptBatchId: created.id });
    const error = await rejection(provider.create(inputs));
    expect(error.message).toContain("already managed by another resource");
    expect(await env.admin.requests()).toEqual([]);
  });

  it("a batch moved to a new resource in the same run is not deleted with the old one", async () => {
    // The program replaces resource A (which created the batch in an earlier run) by resource B
    // adopting it: the engine creates B first, then deletes A.
    const program = goodArgs(env);
    const batchId = await existingBatch(apiBody(program));
    await provider.create(await checked({ ...program, adoptBatchId: batchId }));
    await env.admin.clearJournal();

    // delete needs only the agent id from the old resource's outputs.
    await provider.delete!(batchId, { agentId: AGENT, batchId, __provider: PROVIDER_TEXT });

    expect(await env.admin.requests()).toEqual([]);
    expect((await env.admin.batch(AGENT, batchId)).status).toBe(200);
  });

  it("an adoption that failed before the engine could record it does not spare the old resource's batch", async () => {
    const program = goodArgs(env);
    const batchId = await existingBatch(apiBody(program));
    await env.admin.addFault({ kind: "status", status: 500, method: "GET", path: "/scheduled_calls$" });
    await rejection(provider.create(await checked({ ...program, adoptBatchId: batchId })));
    await env.admin.clearJournal();

    // Otherwise the batch would keep dialling with no resource managing it.
    await provider.delete!(batchId, { agentId: AGENT, batchId, __provider: PROVIDER_TEXT });

    expect(await env.admin.requests()).toEqual([`DELETE ${batchPath(batchId)}`]);
  });

  it("the create token in a call's metadata is not the program's: adopting shows no calls change", async () => {
    const program = goodArgs(env);
    const [first, ...rest] = program.calls as Props[];
    const marked = {
      ...first,
      metadata: { ...(first?.metadata as Props), "pulumi-ultravox.createToken": "t-1" },
    };
    const batchId = await existingBatch(apiBody({ ...program, calls: [marked, ...rest] }));
    const inputs = await checked({ ...program, adoptBatchId: batchId });
    await env.admin.clearJournal();

    await provider.create(inputs);
    expect(await env.admin.requests()).toEqual([
      `GET ${batchPath(batchId)}`,
      `GET ${batchPath(batchId)}/scheduled_calls`,
    ]);
  });
});
