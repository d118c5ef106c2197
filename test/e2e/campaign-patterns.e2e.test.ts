import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorAdmin } from "../../scripts/lib/emulator-admin";
import { PulumiCommandError, PulumiProject, REPO_ROOT } from "../../scripts/lib/pulumi-project";
import { journaledEmulator } from "./journaled-emulator";
import { PATTERN_EXAMPLES } from "./pattern-examples";

/**
 * The campaign patterns (docs/campaign-patterns.md), each example as its README says to run it:
 * plain `pulumi` commands in its own directory against the emulator, whose manual clock moves the
 * campaign along (the emulator dials one call a second), counting every request.
 */

const API_KEY = "e2epattern.abcdefghijklmnopqrstuvwxyz01";
const { emulator, admin } = journaledEmulator(API_KEY);
const AGENT = "6c8d3c1e-2f4b-4a7e-9b1d-0e5f7a9c3b21"; // the examples' default agentId
const BATCHES = `/api/agents/${AGENT}/scheduled_batches`;
const POST = `POST ${BATCHES}`;
/** A step runs up to three CLI commands (each 5-15 s on a busy machine). */
const STEP_TIMEOUT_MS = 180_000;

/**
 * The look a create makes before its POST (a re-run must find the batch an earlier, unclear create
 * made): the agent's batch listing, and the calls of each earlier batch read in pages of 1000
 * (src/batch/token-scan.ts). What the patterns send is the rest (pendingCalls reads in pages of 100).
 */
function isCreateLook(entry: { method: string; path: string; query?: Record<string, string> }): boolean {
  if (entry.method !== "GET") return false;
  return (
    entry.path === BATCHES || (entry.path.endsWith("/scheduled_calls") && entry.query?.pageSize === "1000")
  );
}

/** The journal of `step` without the create's look. */
async function journalOf(adminApi: EmulatorAdmin, step: () => Promise<unknown>) {
  await adminApi.clearJournal();
  await step();
  return (await adminApi.journal()).filter((entry) => !isCreateLook(entry));
}

/** The requests `step` causes, without the create's look, as `METHOD path` lines. */
async function sentBy(adminApi: EmulatorAdmin, step: () => Promise<unknown>): Promise<string[]> {
  return (await journalOf(adminApi, step)).map((entry) => `${entry.method} ${entry.path}`);
}

function example(name: (typeof PATTERN_EXAMPLES)[number]): PulumiProject {
  return new PulumiProject(path.join(REPO_ROOT, "examples", name));
}

/** The numbers a POST's or PATCH's calls go to, in order. */
function numbersIn(body: unknown): string[] {
  const calls = (body as { calls?: { medium?: { twilio?: { outgoing?: { to?: string } } } }[] }).calls ?? [];
  return calls.map((call) => call.medium?.twilio?.outgoing?.to ?? "?");
}

/** The failure of a command that must fail, as its whole output. */
async function failureOf(run: Promise<unknown>): Promise<string> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PulumiCommandError);
  return (error as PulumiCommandError).message;
}

async function liveBatch(adminApi: EmulatorAdmin, batchId: string) {
  const { status, json } = await adminApi.batch(AGENT, batchId);
  return { status, ...(json as { totalCount?: number; completedCount?: number; paused?: boolean }) };
}

describe("examples/monthly-runs: one batch per run, finished runs retired without a DELETE", {
  timeout: STEP_TIMEOUT_MS,
}, () => {
  const project = example("monthly-runs");
  let january = "";

  beforeAll(async () => {
    await project.init([
      ["ultravox:apiKey", API_KEY, true],
      ["ultravox:baseUrl", emulator().url],
    ]);
  });
  afterAll(() => project.teardown());

  it("January: one POST", async () => {
    expect(await sentBy(admin(), () => project.up())).toEqual([POST]);
    january = (await project.batches())[0]!.id!;
    await admin().advanceClock(10); // its three calls are placed
    expect(await liveBatch(admin(), january)).toMatchObject({ status: 200, completedCount: 3 });
  });

  it("February with January retired: preview sends nothing, up one POST and nothing for January", async () => {
    await project.setConfig("runs", "2030-01,2030-02");
    await project.setConfig("retired", "2030-01");
    let previewed = "";
    expect(await sentBy(admin(), async () => ({ stdout: previewed } = await project.preview()))).toEqual([]);
    expect(previewed).toMatch(/1 to create/);
    expect(previewed).not.toMatch(/to update|to replace|to delete/);
    const journal = await journalOf(admin(), () => project.up());
    expect(journal.map((entry) => `${entry.method} ${entry.path}`)).toEqual([POST]);
    expect((journal[0]!.body as { calls: { metadata?: { run?: string } }[] }).calls[0]!.metadata?.run).toBe(
      "2030-02",
    );
    const resources = await project.resources();
    const retired = resources.find((r) => r.urn.endsWith("renewals-2030-01")) as { retainOnDelete?: boolean };
    expect(retired.retainOnDelete).toBe(true);
  });

  it("January leaves the program: no request, its batch stays at the service", async () => {
    await project.setConfig("runs", "2030-02");
    let applied = "";
    expect(await sentBy(admin(), async () => ({ stdout: applied } = await project.up()))).toEqual([]);
    expect(applied).toMatch(/renewals-2030-01/);
    expect((await project.batches()).map((b) => b.urn.split("::").pop())).toEqual(["renewals-2030-02"]);
    expect(await liveBatch(admin(), january)).toMatchObject({
      status: 200,
      totalCount: 3,
      completedCount: 3,
    });
  });

  it("destroy deletes February only", async () => {
    const [february] = await project.batches();
    expect(await sentBy(admin(), () => project.destroy())).toEqual([`DELETE ${BATCHES}/${february!.id}`]);
    expect((await liveBatch(admin(), january)).status).toBe(200);
  });
});

describe("examples/added-calls: a second batch for people added to a running campaign", {
  timeout: STEP_TIMEOUT_MS,
}, () => {
  const project = example("added-calls");
  let first = "";

  beforeAll(async () => {
    await project.init([
      ["ultravox:apiKey", API_KEY, true],
      ["ultravox:baseUrl", emulator().url],
    ]);
  });
  afterAll(() => project.teardown());

  it("the first wave: one POST; it starts dialing", async () => {
    expect(await sentBy(admin(), () => project.up())).toEqual([POST]);
    first = (await project.batches())[0]!.id!;
    await admin().advanceClock(1);
    expect(await liveBatch(admin(), first)).toMatchObject({ totalCount: 3, completedCount: 1 });
  });

  it("a number already in the first wave fails the preview, naming the entry, with no request", async () => {
    await project.setConfig("lateSignups", "+14155550104,+14155550102", true);
    let output = "";
    expect(await sentBy(admin(), async () => (output = await failureOf(project.preview())))).toEqual([]);
    expect(output).toMatch(/1 number\(s\) are already in the first wave.*lateSignups\[1\]/);
    expect(output).not.toContain("+14155550102");
  });

  it("the added people: one POST of their own batch, the running one untouched", async () => {
    await project.setConfig("lateSignups", "+14155550104, +14155550105", true);
    expect(await sentBy(admin(), () => project.preview())).toEqual([]);
    const journal = await journalOf(admin(), () => project.up());
    expect(journal.map((entry) => `${entry.method} ${entry.path}`)).toEqual([POST]);
    expect(numbersIn(journal[0]!.body)).toEqual(["+14155550104", "+14155550105"]);
    expect(await liveBatch(admin(), first)).toMatchObject({ totalCount: 3, completedCount: 1 });
    expect(await sentBy(admin(), () => project.up())).toEqual([]);
    // Personal data: no number of either wave in plaintext anywhere in the backend.
    expect(project.stateText()).not.toMatch(/"\+1415555010[1-5]/);
  });

  it("destroy deletes both batches", async () => {
    const sent = await sentBy(admin(), () => project.destroy());
    expect(sent.filter((line) => line.startsWith("DELETE"))).toHaveLength(2);
    expect(sent).toHaveLength(2);
  });
});

describe("examples/do-not-call: pause, then carry the pending calls without the person", {
  timeout: STEP_TIMEOUT_MS,
}, () => {
  const project = example("do-not-call");
  let renewals = "";
  const doNotCall = "+14155550104";

  beforeAll(async () => {
    await project.init([
      ["ultravox:apiKey", API_KEY, true],
      ["ultravox:baseUrl", emulator().url],
    ]);
  });
  afterAll(() => project.teardown());

  it("the campaign starts: one POST; two calls are placed", async () => {
    expect(await sentBy(admin(), () => project.up())).toEqual([POST]);
    renewals = (await project.batches())[0]!.id!;
    await admin().advanceClock(2);
    expect(await liveBatch(admin(), renewals)).toMatchObject({ totalCount: 5, completedCount: 2 });
  });

  it("carrying over before the pause fails at preview: the running batch would dial the same calls", async () => {
    await project.setConfig("doNotCall", doNotCall, true);
    await project.setConfig("carryOver", "true");
    let output = "";
    const sent = await sentBy(admin(), async () => (output = await failureOf(project.preview())));
    expect(sent).toEqual([`GET ${BATCHES}/${renewals}`]);
    expect(output).toMatch(/neither paused nor ended.*Pause it first/s);
    await project.setConfig("carryOver", "false");
  });

  it("step 1, pause: one PATCH carrying only paused; no call is placed after it", async () => {
    await project.setConfig("paused", "true");
    const journal = await journalOf(admin(), () => project.up());
    expect(journal.map((entry) => `${entry.method} ${entry.path}`)).toEqual([`PATCH ${BATCHES}/${renewals}`]);
    expect(journal[0]!.body).toEqual({ paused: true });
    await admin().advanceClock(60);
    expect(await liveBatch(admin(), renewals)).toMatchObject({ completedCount: 2, paused: true });
  });

  it("a do-not-call number that matches no call fails the preview, naming the entry, not the number", async () => {
    const typo = "+14155550194";
    await project.setConfig("doNotCall", typo, true);
    await project.setConfig("carryOver", "true");
    const output = await failureOf(project.preview());
    expect(output).toMatch(/excludeTo\[0\] matches no call of batch/);
    expect(output).not.toContain(typo);
  });

  it("step 2, carry over: preview only reads; up one POST of the pending calls minus the person", async () => {
    await project.setConfig("doNotCall", doNotCall, true);
    const listing = [`GET ${BATCHES}/${renewals}`, `GET ${BATCHES}/${renewals}/scheduled_calls`];
    let previewed = "";
    expect(await sentBy(admin(), async () => ({ stdout: previewed } = await project.preview()))).toEqual(
      listing,
    );
    expect(previewed).toMatch(/1 to create/);
    const journal = await journalOf(admin(), () => project.up());
    expect(journal.map((entry) => `${entry.method} ${entry.path}`)).toEqual([...listing, POST]);
    // Placed before the pause: 0101 and 0102. Pending: 0103, 0104 (asked not to be called), 0105.
    expect(numbersIn(journal[2]!.body)).toEqual(["+14155550103", "+14155550105"]);
    const outputs = await project.outputs();
    expect(outputs).toMatchObject({ carriedCount: 2, excludedCount: 1, renewalsBatchId: renewals });
  });

  it("an unchanged up reads the pending calls again and changes nothing", async () => {
    let applied = "";
    const sent = await sentBy(admin(), async () => ({ stdout: applied } = await project.up()));
    expect(sent).toEqual([`GET ${BATCHES}/${renewals}`, `GET ${BATCHES}/${renewals}/scheduled_calls`]);
    expect(applied).not.toMatch(/created|updated|replaced|deleted/);
  });

  it("the carried batch's calls are secret in state", async () => {
    const carried = (await project.resources()).find((r) => r.urn.endsWith("renewals-carried"))!;
    for (const props of [carried.inputs, carried.outputs]) {
      expect(JSON.stringify(props?.calls)).toMatch(/"ciphertext"/);
    }
  });

  it("destroy deletes both batches", async () => {
    const carried = (await project.batches()).find((b) => b.id !== renewals)!.id;
    const sent = await sentBy(admin(), () => project.destroy());
    expect(sent.sort()).toEqual([`DELETE ${BATCHES}/${carried}`, `DELETE ${BATCHES}/${renewals}`].sort());
  });
});

describe("examples/do-not-call-yaml: getPendingCalls through fn::invoke and the plugin", {
  timeout: STEP_TIMEOUT_MS,
}, () => {
  const project = example("do-not-call-yaml");
  const numbers = ["+14155550201", "+14155550202", "+14155550203", "+14155550204"];
  let paused = "";

  beforeAll(async () => {
    // A campaign someone paused after two calls, made straight at the service.
    const calls = numbers.map((to) => ({ medium: { twilio: { outgoing: { to, from: "+14155550100" } } } }));
    paused = ((await admin().request("POST", BATCHES, { calls })).json as { batchId: string }).batchId;
    await admin().advanceClock(2);
    await admin().request("PATCH", `${BATCHES}/${paused}`, { paused: true });
    await project.init([
      ["ultravox:apiKey", API_KEY, true],
      ["ultravox:baseUrl", emulator().url],
      ["pausedBatchId", paused],
    ]);
    await project.ok("config", "set", "--secret", "--path", "doNotCall[0]", numbers[3]!);
  });
  afterAll(() => project.teardown());

  it("a doNotCall number that matches no call fails the preview through the plugin, not printing it", async () => {
    const typo = "+14155550294";
    await project.ok("config", "set", "--secret", "--path", "doNotCall[0]", typo);
    const output = await failureOf(project.preview());
    expect(output).toMatch(/excludeTo\[0\] matches no call of batch/);
    expect(output).not.toContain(typo);
    await project.ok("config", "set", "--secret", "--path", "doNotCall[0]", numbers[3]!);
  });

  it("preview only reads the paused batch and its listing", async () => {
    const listing = [`GET ${BATCHES}/${paused}`, `GET ${BATCHES}/${paused}/scheduled_calls`];
    let previewed = "";
    expect(await sentBy(admin(), async () => ({ stdout: previewed } = await project.preview()))).toEqual(
      listing,
    );
    expect(previewed).toMatch(/\+ {1,3}ultravox:index:ScheduledBatch/);
  });

  it("up sends one POST of the pending calls minus doNotCall", async () => {
    const journal = await journalOf(admin(), () => project.up());
    const posts = journal.filter((entry) => entry.method === "POST");
    expect(posts.map((entry) => entry.path)).toEqual([BATCHES]);
    expect(journal.filter((entry) => entry.method !== "GET" && entry.method !== "POST")).toEqual([]);
    expect(numbersIn(posts[0]!.body)).toEqual([numbers[2]]);
    expect(await project.outputs()).toMatchObject({ carriedCount: 1, excludedCount: 1 });
  });

  it("an unchanged up changes nothing, and state holds no phone number in plaintext", async () => {
    const sent = await sentBy(admin(), () => project.up());
    expect(sent.every((line) => line.startsWith("GET "))).toBe(true);
    const state = project.stateText();
    for (const number of numbers) expect(state).not.toContain(number);
  });

  it("destroy deletes the carried batch only; the paused one stays", async () => {
    const [carried] = await project.batches();
    expect(await sentBy(admin(), () => project.destroy())).toEqual([`DELETE ${BATCHES}/${carried!.id}`]);
    expect((await liveBatch(admin(), paused)).status).toBe(200);
  });
});

it("every pattern example is tested here", () => {
  expect([...PATTERN_EXAMPLES].sort()).toEqual([
    "added-calls",
    "do-not-call",
    "do-not-call-yaml",
    "monthly-runs",
  ]);
});
