import { agentProvider as agents, scheduledBatchProvider as batches } from "pulumi-ultravox";
import { afterEach, describe, expect, it } from "vitest";
import {
  API_KEY,
  goodArgs,
  onlyRequest,
  type Props,
  rejection,
  useEmulator,
  withProviderKey,
} from "./harness";

/**
 * An Agent through its built forwarder against the emulator over HTTP: one POST to create; nothing
 * sent for no change, nor for the values the service filled in; one PATCH carrying the whole call
 * template when any part of it changes; drift on refresh; a delete that takes the agent away.
 */

const env = useEmulator();

const SUPPORT = {
  name: "support",
  callTemplate: {
    systemPrompt: "You are calling {{customerName}} about their order.",
    temperature: 0.3,
    voice: "Mark",
    contextSchema: { type: "object", properties: { customerName: { type: "string" } } },
  },
};
const AGENTS = "/api/agents";

afterEach(async () => {
  await env.admin.request("POST", "/_emulator/reset");
});

async function checked(news: Props, olds: Props = {}): Promise<Props> {
  const result = await agents.check!(olds, withProviderKey(news));
  expect(result.failures ?? []).toEqual([]);
  return withProviderKey(result.inputs as Props);
}

async function create(args: Props): Promise<{ id: string; outs: Props }> {
  const result = await agents.create(await checked(args));
  return { id: result.id, outs: withProviderKey(result.outs as Props) };
}

async function live(agentId: string): Promise<Props> {
  const response = await fetch(`${env.emulator.url}${AGENTS}/${agentId}`, {
    headers: { "X-API-Key": API_KEY },
  });
  return (await response.json()) as Props;
}

async function postAgent(body: Props): Promise<void> {
  await fetch(`${env.emulator.url}${AGENTS}`, {
    method: "POST",
    headers: { "X-API-Key": API_KEY, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

describe("Agent against the emulator", () => {
  it("creates with one POST and records the service's id, revision and time", async () => {
    const { id, outs } = await create(SUPPORT);
    const post = await onlyRequest(env);
    expect([post.method, post.path, post.body]).toEqual(["POST", AGENTS, SUPPORT]);
    expect(outs).toMatchObject({ ...SUPPORT, agentId: id, stateVersion: 1 });
    expect(outs.publishedRevisionId).toEqual(expect.any(String));
    expect(outs.created).toEqual(expect.any(String));
    // The service filled in a model and durations the program left out.
    expect((await live(id)).callTemplate).toMatchObject({ model: expect.any(String), joinTimeout: "30s" });
  });

  it("fails check naming the property path, before any request", async () => {
    const result = await agents.check!(
      {},
      {
        name: "x".repeat(65),
        callTemplate: { temperature: 3, joinTimeout: "30 seconds", sytemPrompt: "hi" },
      },
    );
    const text = JSON.stringify(result.failures);
    expect(text).toMatch(/name.*at most 64 characters/);
    expect(text).toMatch(/callTemplate\.temperature.*between 0 and 1/);
    expect(text).toMatch(/callTemplate\.joinTimeout.*duration/);
    expect(text).toMatch(/sytemPrompt/);
    expect(await env.admin.journal()).toEqual([]);
    // A bad shared secret (they sign outbound requests) is named by its path, its value never shown.
    const secret = await agents.check!({}, { name: "n", callTemplate: { sharedSecrets: [31415926535] } });
    const said = JSON.stringify(secret.failures);
    expect(said).toMatch(/callTemplate\.sharedSecrets\[0\]/);
    expect(said).not.toContain("31415926535");
  });

  it("sends nothing for an unchanged program, also after a refresh read the service's defaults", async () => {
    const { id, outs } = await create(SUPPORT);
    const read = await agents.read!(id, outs);
    const refreshed = withProviderKey(read.props as Props);
    await env.admin.clearJournal();
    for (const olds of [outs, refreshed]) {
      const same = await checked(SUPPORT, olds);
      expect((await agents.diff!(id, olds, same)).changes).toBe(false);
    }
    expect(await env.admin.journal()).toEqual([]);
    expect(refreshed.callTemplate).toEqual(SUPPORT.callTemplate);
  });

  it("one changed template field sends one PATCH carrying the whole template", async () => {
    const { id, outs } = await create(SUPPORT);
    await env.admin.clearJournal();
    const callTemplate = { ...SUPPORT.callTemplate, temperature: 0.7 };
    const news = await checked({ ...SUPPORT, callTemplate }, outs);
    expect(await agents.diff!(id, outs, news)).toMatchObject({ changes: true, replaces: [] });
    const { outs: after } = await agents.update!(id, outs, news);
    const patch = await onlyRequest(env);
    expect([patch.method, patch.path, patch.body]).toEqual(["PATCH", `${AGENTS}/${id}`, { callTemplate }]);
    expect(after).toMatchObject({ callTemplate });
    // A new name alone is a PATCH of the name alone.
    await env.admin.clearJournal();
    const renamed = await checked(
      { ...SUPPORT, callTemplate, name: "support-v2" },
      withProviderKey(after as Props),
    );
    await agents.update!(id, withProviderKey(after as Props), renamed);
    expect((await onlyRequest(env)).body).toEqual({ name: "support-v2" });
  });

  it("shows a change made in the dashboard as drift on refresh, and a removed key too", async () => {
    const { id, outs } = await create(SUPPORT);
    const { voice: _voice, ...withoutVoice } = SUPPORT.callTemplate;
    const edited = { ...withoutVoice, systemPrompt: "Edited in the dashboard." };
    await fetch(`${env.emulator.url}${AGENTS}/${id}`, {
      method: "PATCH",
      headers: { "X-API-Key": API_KEY, "Content-Type": "application/json" },
      body: JSON.stringify({ callTemplate: edited }),
    });
    const read = await agents.read!(id, outs);
    expect((read.props as Props).callTemplate).toEqual(edited);
    const refreshed = withProviderKey(read.props as Props);
    const news = await checked(SUPPORT, refreshed);
    expect((await agents.diff!(id, refreshed, news)).changes).toBe(true);
  });

  it("delete sends one DELETE; a batch under the agent is gone with it; the agent then reads as gone", async () => {
    const { id, outs } = await create(SUPPORT);
    const batch = await batches.create(
      withProviderKey(
        (await batches.check!({}, withProviderKey(goodArgs(env, { agentId: id })))).inputs as Props,
      ),
    );
    expect(batch.id).toEqual(expect.any(String));
    await env.admin.clearJournal();
    await agents.delete!(id, outs);
    const del = await onlyRequest(env);
    expect([del.method, del.path]).toEqual(["DELETE", `${AGENTS}/${id}`]);
    expect(
      (
        await fetch(`${env.emulator.url}${AGENTS}/${id}/scheduled_batches`, {
          headers: { "X-API-Key": API_KEY },
        })
      ).status,
    ).toBe(404);
    const read = await agents.read!(id, outs);
    expect(read.id).toBe("");
  });

  it("never re-sends a POST whose outcome is unknown: takes the one agent of that name", async () => {
    await env.admin.addFault({ kind: "drop-after", method: "POST" });
    const result = await agents.create(await checked(SUPPORT));
    const posts = (await env.admin.journal()).filter((entry) => entry.method === "POST");
    expect(posts).toHaveLength(1);
    expect((await live(result.id)).name).toBe(SUPPORT.name);
  });

  it("after a POST of unknown outcome, two agents of that name are an error, not a guess", async () => {
    // One made outside this run (the dashboard) and the one the lost answer made: both unclaimed.
    await postAgent(SUPPORT);
    await env.admin.addFault({ kind: "drop-after", method: "POST" });
    const error = await rejection(agents.create(await checked(SUPPORT)));
    expect(error.message).toMatch(/may or may not have happened.*it was not re-sent/);
    expect(error.message).toMatch(/agents have this name/);
  });
});
