import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EmulatorAdmin } from "../../../scripts/lib/emulator-admin";
import { BATCH_TYPES, type PulumiProject, type StateResource } from "../../../scripts/lib/pulumi-project";
import { type RunningEmulator, startEmulator } from "../../../src/emulator";
import { AGENT, DAY, iso } from "../../fixtures";
import { checkTrafficAfterEach } from "../../openapi/traffic-check";
import { DOORS } from "./doors";

/**
 * One list of user's-path scenarios, run through every door to the core (doors.ts): the dynamic
 * resource, and the provider plugin from TypeScript (generated SDK), YAML and Python (generated
 * SDK). Plain `pulumi` commands against the emulator over HTTP; each step counts the requests the
 * emulator journaled. The steps run in order on one stack per door (a stack costs a minute or two).
 */

const API_KEY = "e2edoors.abcdefghijklmnopqrstuvwxyz01234567";
const WEBHOOK_SECRET = "whsec-doors-do-not-leak-8c2e";
const SIP_PASSWORD = "sip-doors-do-not-leak-3b9f";
const T0 = Math.floor(Date.now() / DAY) * DAY;

/** A window, a webhook (the webRtc call needs one) and three calls, one a SIP call with a password. */
const BATCH = {
  agentId: AGENT,
  windowStart: iso(T0 + 10 * DAY),
  windowEnd: iso(T0 + 11 * DAY),
  webhookUrl: "https://hooks.example.com/doors",
  calls: [
    {
      medium: { twilio: { outgoing: { to: "+14155550101", from: "+14155550100" } } },
      metadata: { customer: "c-1" },
    },
    { medium: { webRtc: {} }, templateContext: { customerName: "Grace" } },
    {
      medium: {
        sip: { outgoing: { to: "sip:alan@sip.example.com", username: "alan", password: "$sipPassword" } },
      },
    },
  ],
};

/** Four mistakes at once, and what the failed preview must say about each: the path and the problem. */
const BAD_BATCH = {
  ...BATCH,
  agentId: "not-an-agent",
  throttle: "t".repeat(65),
  windowEnd: iso(T0 + 9 * DAY),
  calls: [
    { medium: { twilio: { outgoing: { to: "+1-415-CALL-ME", from: "+14155550100" } } } },
    ...BATCH.calls.slice(1),
  ],
};
// Every door names a property as the schema spells it: a Python program writes `window_end=`, and
// reads `windowEnd` here (the SDK sends the schema's names; the plugin cannot know the language).
const BAD_INPUT_SAYS = [
  /property agentId value \{not-an-agent\} has a problem: must be the id of an Ultravox agent \(a UUID\)/,
  /throttle.*at most 64 characters/,
  /calls\[0\]\.medium\.twilio\.outgoing\.to.*must be an E\.164 phone number/,
  /windowEnd.*after windowStart/,
];

let emulator: RunningEmulator;
let admin: EmulatorAdmin;

beforeAll(async () => {
  emulator = await startEmulator({ clock: "manual", apiKeys: [API_KEY], journalExchanges: true });
  admin = new EmulatorAdmin(emulator);
});

afterAll(async () => {
  await emulator?.close();
});

// Whatever a door sends, and each answer, must match the API description.
checkTrafficAfterEach(() => emulator, { requests: "all" });

/** The requests `step` causes, as `METHOD path` lines. */
async function requestsOf(step: () => Promise<unknown>): Promise<string[]> {
  await admin.clearJournal();
  await step();
  return admin.requests();
}

const NO_CHANGE = /to update|to create|to replace|to delete/;

/** The batch's id, inputs and outputs in state, secrets decrypted (their ciphertext changes on every write). */
async function batchState(project: PulumiProject): Promise<unknown[]> {
  const { stdout } = await project.ok("stack", "export", "--show-secrets");
  const resources = (JSON.parse(stdout) as { deployment: { resources: StateResource[] } }).deployment
    .resources;
  return resources
    .filter((r) => BATCH_TYPES.includes(r.type))
    .map(({ id, inputs, outputs }) => ({ id, inputs, outputs }));
}

for (const door of DOORS)
  describe(door.name, () => {
    let project: PulumiProject;
    let batchPath = "";

    beforeAll(async () => {
      project = await door.project();
      // The API key comes in the first scenario.
      await project.init([
        ["ultravox:baseUrl", emulator.url],
        ["webhookSecret", WEBHOOK_SECRET, true],
        ["sipPassword", SIP_PASSWORD, true],
      ]);
    }, 10 * 60_000); // the Python door's virtualenv may need pip to download the pulumi package first

    afterAll(async () => {
      await project?.teardown();
    });

    it("without an API key, preview fails saying how to set one, before any request", async () => {
      await door.setBatch(project, BATCH);
      let output = "";
      const sent = await requestsOf(async () => {
        const result = await project.run(["preview"]);
        expect(result.code).not.toBe(0);
        output = result.output;
      });
      expect(sent).toEqual([]);
      expect(output).toContain("pulumi config set --secret ultravox:apiKey");
    });

    it("bad input fails at preview naming each property path and its problem, before any request", async () => {
      await project.setConfig("ultravox:apiKey", API_KEY, true);
      await door.setBatch(project, BAD_BATCH);
      let output = "";
      const sent = await requestsOf(async () => {
        const result = await project.run(["preview"]);
        expect(result.code).not.toBe(0);
        output = result.output;
      });
      expect(sent).toEqual([]);
      for (const says of BAD_INPUT_SAYS) expect(output).toMatch(says);
      expect(output).not.toContain(API_KEY);
      expect(output).not.toContain(WEBHOOK_SECRET);
      expect(output).not.toContain(SIP_PASSWORD);
    });

    it("preview plans the batch and sends no request", async () => {
      await door.setBatch(project, BATCH);
      let stdout = "";
      expect(await requestsOf(async () => ({ stdout } = await project.preview()))).toEqual([]);
      expect(stdout).toMatch(/\+ 2 to create/);
    });

    it("up sends exactly one POST", async () => {
      expect(await requestsOf(() => project.up())).toEqual([`POST /api/agents/${AGENT}/scheduled_batches`]);
      const [batch] = await project.batches();
      batchPath = `/api/agents/${AGENT}/scheduled_batches/${batch!.id}`;
      // The secrets reached the service (so their absence from state below means something).
      expect((await admin.batch(AGENT, batch!.id!)).json.webhookSecret).toBe(WEBHOOK_SECRET);
      expect(JSON.stringify(await admin.storedCalls(AGENT, batch!.id!))).toContain(SIP_PASSWORD);
    });

    it("a no-op preview and up send no request and plan no change", async () => {
      let previewed = "";
      let applied = "";
      const sent = await requestsOf(async () => {
        previewed = (await project.preview()).stdout;
        applied = (await project.up()).stdout;
      });
      expect(sent).toEqual([]);
      expect(previewed).not.toMatch(NO_CHANGE);
      expect(applied).not.toMatch(/created|updated|replaced|deleted/);
    });

    it("changing webhookUrl sends exactly one PATCH carrying only webhookUrl", async () => {
      await door.setBatch(project, { ...BATCH, webhookUrl: "https://hooks.example.com/doors-v2" });
      const journal = await (async () => {
        await admin.clearJournal();
        await project.up();
        return admin.journal();
      })();
      expect(journal.map((entry) => `${entry.method} ${entry.path}`)).toEqual([`PATCH ${batchPath}`]);
      expect(journal[0]!.body).toEqual({ webhookUrl: "https://hooks.example.com/doors-v2" });
    });

    it("refresh sends only GETs and changes nothing", async () => {
      const before = await batchState(project);
      const sent = await requestsOf(() => project.refresh());
      expect(sent.length).toBeGreaterThan(0);
      for (const request of sent) expect(request).toMatch(/^GET /);
      expect(await batchState(project)).toEqual(before);
      let previewed = "";
      expect(await requestsOf(async () => ({ stdout: previewed } = await project.preview()))).toEqual([]);
      expect(previewed).not.toMatch(NO_CHANGE);
    });

    it(`state holds no plaintext secret${door.plugin ? " and no __provider" : ""}`, async () => {
      const state = project.stateText();
      expect(state).toContain("ScheduledBatch");
      expect(state).not.toContain(API_KEY);
      expect(state).not.toContain(WEBHOOK_SECRET);
      expect(state).not.toContain(SIP_PASSWORD);
      if (door.plugin) expect(state).not.toContain("__provider");
      else expect(state).toContain("__provider");
    });

    it("destroy sends one DELETE", async () => {
      expect(await requestsOf(() => project.destroy())).toEqual([`DELETE ${batchPath}`]);
      expect((await admin.request("GET", batchPath)).status).toBe(404);
    });
  });
