import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { AGENT, checked, goodArgs, type Props, provider, rejection, useEmulator } from "./harness";

/**
 * No second batch after an unclear create, ever: the create token is stable for the resource (its
 * URN, passed as the hidden `__createIdentity` input), and every create lists the agent's batches
 * first, taking over the one carrying that token instead of posting another.
 */

const env = useEmulator();
const BATCHES = `/api/agents/${AGENT}/scheduled_batches`;

/** A URN no other test uses: each test is its own resource. */
function identity(name = `campaign-${randomUUID()}`): string {
  return `urn:pulumi:dev::campaigns::pulumi-nodejs:dynamic/ultravox:ScheduledBatch::${name}`;
}

/** check as the host runs it, with the resource class's hidden identity among the news. */
async function checkedAs(urn: string, program: Props): Promise<Props> {
  const inputs = await checked({ ...program, __createIdentity: urn });
  // check carries the identity on to create, like the host's `__provider`.
  expect(inputs.__createIdentity).toBe(urn);
  return inputs;
}

/** Faults for a create whose POST acts but whose answer is lost, and whose search afterwards fails. */
async function loseTheAnswerAndTheSearch(): Promise<void> {
  // The look before the POST passes (a 1 ms delay consumes no other fault), the POST acts and its
  // connection drops, and listing afterwards answers 500 (not retried).
  await env.admin.addFault({ kind: "latency", ms: 1, method: "GET", path: "/scheduled_batches$" });
  await env.admin.addFault({ kind: "drop-after", method: "POST" });
  await env.admin.addFault({ kind: "status", status: 500, method: "GET", path: "/scheduled_batches$" });
}

const ids = async () => (await env.admin.batches(AGENT)).map((batch) => batch.batchId as string);

describe("a plain re-run after a lost answer and a failed search", () => {
  it("finds the batch the first create made and takes it over, even after a typo was fixed", async () => {
    const urn = identity();
    const before = await ids();
    await loseTheAnswerAndTheSearch();

    const lost = await rejection(provider.create(await checkedAs(urn, goodArgs(env))));

    const made = (await ids()).filter((id) => !before.includes(id));
    expect(made).toHaveLength(1);
    expect(lost.message).toContain("may or may not have happened");
    expect(lost.message).toContain("Re-running `pulumi up` is safe");
    expect(lost.message).not.toContain("delete any duplicate");
    const [first] = await env.admin.requests();
    expect(first).toBe(`GET ${BATCHES}`); // the look came before the POST
    await env.admin.clearJournal();

    // The user fixed a typo in a call and simply re-runs.
    const fixed = goodArgs(env);
    (fixed.calls as Props[])[1] = { ...(fixed.calls as Props[])[1], templateContext: { name: "Grace" } };
    const result = await provider.create(await checkedAs(urn, fixed));

    expect(result.id).toBe(made[0]);
    const requests = await env.admin.requests();
    expect(requests.filter((line) => line.startsWith("POST"))).toEqual([]);
    expect(requests[0]).toBe(`GET ${BATCHES}`);
    // Made to match the program: the fixed calls sent once, in one PATCH.
    expect(requests.filter((line) => line.startsWith("PATCH"))).toEqual([`PATCH ${BATCHES}/${made[0]}`]);
    expect((await ids()).filter((id) => !before.includes(id))).toEqual(made);
  });

  it("a re-run with nothing changed sends no PATCH either", async () => {
    const urn = identity();
    const before = await ids();
    await loseTheAnswerAndTheSearch();
    await rejection(provider.create(await checkedAs(urn, goodArgs(env))));
    const made = (await ids()).filter((id) => !before.includes(id));
    await env.admin.clearJournal();

    const result = await provider.create(await checkedAs(urn, goodArgs(env)));

    expect(result.id).toBe(made[0]);
    const requests = await env.admin.requests();
    expect(requests.filter((line) => !line.startsWith("GET"))).toEqual([]);
    expect(result.outs).toMatchObject({ batchId: made[0], totalCount: 2 });
  });
});

describe("the look before each POST", () => {
  it("fails the create before posting when the listing fails", async () => {
    const before = await ids();
    await env.admin.clearJournal();
    await env.admin.addFault({ kind: "status", status: 500, method: "GET", path: "/scheduled_batches$" });

    const error = await rejection(provider.create(await checkedAs(identity(), goodArgs(env))));

    expect(error.message).toContain("Nothing was sent");
    expect(error.message).toContain("re-running `pulumi up` is safe");
    expect(await env.admin.requests()).toEqual([`GET ${BATCHES}`]);
    expect(await ids()).toEqual(before);
  });

  it("fails the create before posting when a batch's calls cannot be read, naming it", async () => {
    // A batch made outside this run (in the console, by another tool): no resource here owns it.
    const made = await env.admin.request("POST", BATCHES, {
      calls: [{ medium: { webRtc: {} } }],
      webhookUrl: "https://hooks.example.com/ultravox",
    });
    const other = made.json as Props;
    const before = await ids();
    await env.admin.clearJournal();
    await env.admin.addFault({ kind: "status", status: 500, method: "GET", path: "/scheduled_calls$" });

    const error = await rejection(provider.create(await checkedAs(identity(), goodArgs(env))));

    expect(error.message).toContain(`reading the calls of ${other.batchId}`);
    expect(error.message).toContain("Nothing was sent");
    expect((await env.admin.requests()).filter((line) => line.startsWith("POST"))).toEqual([]);
    expect(await ids()).toEqual(before);
  });

  it("never takes another resource's identical batch: each resource has its own token", async () => {
    const first = await provider.create(await checkedAs(identity("march"), goodArgs(env)));
    const second = await provider.create(await checkedAs(identity("april"), goodArgs(env)));

    expect(second.id).not.toBe(first.id);
    expect(await ids()).toEqual(expect.arrayContaining([first.id, second.id]));
  });

  it("the token is the resource's: the same URN in another stack is another resource", async () => {
    const dev = await provider.create(await checkedAs(identity("may"), goodArgs(env)));
    const prod = await provider.create(
      await checkedAs(identity("may").replace("urn:pulumi:dev::", "urn:pulumi:prod::"), goodArgs(env)),
    );
    expect(prod.id).not.toBe(dev.id);
  });

  it("the hidden identity is never a change: an older state without it, or another value, diffs as none", async () => {
    const urn = identity();
    const created = await provider.create(await checkedAs(urn, goodArgs(env)));
    const outs = { ...(created.outs as Props), __provider: "stored" };
    await env.admin.clearJournal();
    for (const news of [await checked(goodArgs(env)), await checkedAs(`${urn}-renamed`, goodArgs(env))]) {
      expect(await provider.diff!(created.id, outs, news)).toMatchObject({ changes: false });
    }
    expect(await env.admin.requests()).toEqual([]);
  });

  it("refresh hands the identity back with the inputs: the state does not change", async () => {
    const urn = identity();
    const created = await provider.create(await checkedAs(urn, goodArgs(env)));
    // Kept among the outputs, because refresh is given the outputs only.
    expect((created.outs as Props).__createIdentity).toBe(urn);

    const read = await provider.read!(created.id, { ...(created.outs as Props), __provider: "stored" });

    expect((read.props as Props).__createIdentity).toBe(urn);
    expect((read.inputs as Props).__createIdentity).toBe(urn);
  });

  it("a create without an identity (a direct caller) sends the POST alone", async () => {
    const result = await provider.create(await checked(goodArgs(env)));
    expect(await env.admin.requests()).toEqual([`POST ${BATCHES}`]);
    expect(result.id).toBeTruthy();
  });
});
