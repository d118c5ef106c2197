import { describe, expect, it } from "vitest";
import {
  AGENT,
  batchPath,
  checked,
  goodArgs,
  PROVIDER_TEXT,
  type Props,
  provider,
  rejection,
  useEmulator,
} from "./harness";

/**
 * A create whose batch exists must reach the engine with that batch's id, whatever went wrong after
 * the service acted, so that the next `up` converges on it instead of creating another.
 */

const env = useEmulator();
const BATCHES = `/api/agents/${AGENT}/scheduled_batches`;

describe("a create that made a batch but could not read it", () => {
  it("hands the engine the batch id; the next up reads that batch and never POSTs", async () => {
    const program = goodArgs(env);
    const inputs = await checked(program);
    const before = (await env.admin.batches(AGENT)).length;
    await env.admin.addFault({ kind: "only-id", method: "POST" });
    await env.admin.addFault({
      kind: "status",
      status: 500,
      method: "GET",
      path: "/scheduled_batches/[^/]+$",
    });

    const error = await rejection(provider.create(inputs));

    const batches = await env.admin.batches(AGENT);
    expect(batches).toHaveLength(before + 1);
    const made = batches.at(-1)?.batchId as string;
    expect(error.message).toContain(`made batch ${made}`);
    expect(error.message).toContain("the next `pulumi up` reads it");
    // What the dynamic-provider host reads to record the batch (ResourceInitError).
    expect(error.id).toBe(made);
    const properties = error.properties as Props;
    expect(properties).toMatchObject({ batchId: made, agentId: AGENT, __provider: PROVIDER_TEXT });

    // The next `up`: no change in the program, so the engine calls update to finish the create.
    await env.admin.clearJournal();
    const news = await checked(program);
    expect(await provider.diff!(made, properties, news)).toMatchObject({ changes: false });
    const result = await provider.update!(made, properties, news);
    expect(await env.admin.requests()).toEqual([`GET ${batchPath(made)}`]);
    expect(result.outs).toMatchObject({ batchId: made, totalCount: 2 });
    expect(await env.admin.batches(AGENT)).toHaveLength(before + 1);
  });
});

describe("a POST answered 503 after the service acted", () => {
  it("is not re-sent: the batch carrying this create's token is found and recorded", async () => {
    const inputs = await checked(goodArgs(env));
    const before = (await env.admin.batches(AGENT)).length;
    await env.admin.addFault({ kind: "status", status: 503, processed: true, method: "POST" });

    const result = await provider.create(inputs);

    const journal = await env.admin.journal();
    expect(journal.filter((entry) => entry.method === "POST").map((entry) => entry.status)).toEqual([503]);
    expect(journal.some((entry) => entry.method === "GET" && entry.path === BATCHES)).toBe(true);
    const batches = await env.admin.batches(AGENT);
    expect(batches).toHaveLength(before + 1);
    expect(result.id).toBe(batches.at(-1)?.batchId);
    // The token stays out of what the engine records.
    expect(JSON.stringify(result.outs)).not.toContain("pulumi-ultravox.createToken");
  });
});
