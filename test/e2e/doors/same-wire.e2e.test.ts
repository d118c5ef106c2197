import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PulumiProject } from "../../../scripts/lib/pulumi-project";
import { AGENT, DAY, iso } from "../../fixtures";
import { journaledEmulator } from "../journaled-emulator";
import { requestsOf, userPathSteps } from "../user-path";
import { DOORS } from "./doors";

/**
 * One list of user's-path scenarios, run through every door to the core (doors.ts): the dynamic
 * resource, and the provider plugin from TypeScript (generated SDK), YAML and Python (generated
 * SDK). Plain `pulumi` commands against the emulator over HTTP; each step counts the requests the
 * emulator journaled. Bad input first, then the user's path (user-path.ts), in order on one stack
 * per door (a stack costs a minute or two).
 */

const API_KEY = "e2edoors.abcdefghijklmnopqrstuvwxyz01234567";
const WEBHOOK_SECRET = "whsec-doors-do-not-leak-8c2e";
const SIP_PASSWORD = "sip-doors-do-not-leak-3b9f";
/**
 * The agent's shared secret. The dynamic door's program writes it into the template in plain text
 * (from config `agentSharedSecret`, stored encrypted, read without getSecret): the provider alone must
 * keep it out of state. The plugin doors send the placeholder itself, a plain string.
 */
const AGENT_SHARED_SECRET = "agent-shared-secret-do-not-leak-5d1a";
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

/** The agent the batch takes in the second round: `agentId: agent.agentId`. */
const AGENT_INPUTS = {
  name: "doors-agent",
  callTemplate: {
    systemPrompt: "You are calling {{customerName}} to confirm an appointment.",
    temperature: 0.2,
    selectedTools: [{ toolName: "hangUp" }],
    sharedSecrets: ["$agentSharedSecret"],
  },
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

// Whatever a door sends, and each answer, must match the API description.
const { emulator, admin } = journaledEmulator(API_KEY);

for (const door of DOORS) {
  describe(door.name, () => {
    let project: PulumiProject;

    beforeAll(async () => {
      project = await door.project();
      // The API key comes in the second scenario.
      await project.init([
        ["ultravox:baseUrl", emulator().url],
        ["webhookSecret", WEBHOOK_SECRET, true],
        ["sipPassword", SIP_PASSWORD, true],
        ["agentSharedSecret", AGENT_SHARED_SECRET, true],
      ]);
    }, 10 * 60_000); // the Python door's virtualenv may need pip to download the pulumi package first

    afterAll(async () => {
      await project?.teardown();
      if (project) door.dispose?.(project);
    });

    /** A preview that must fail: its output, after checking it sent no request. */
    async function failedPreview(): Promise<string> {
      let output = "";
      const sent = await requestsOf(admin(), async () => {
        const result = await project.run(["preview"]);
        expect(result.code).not.toBe(0);
        output = result.output;
      });
      expect(sent).toEqual([]);
      return output;
    }

    it("without an API key, preview fails saying how to set one, before any request", async () => {
      await door.setBatch(project, BATCH);
      expect(await failedPreview()).toContain("pulumi config set --secret ultravox:apiKey");
    });

    it("bad input fails at preview naming each property path and its problem, before any request", async () => {
      await project.setConfig("ultravox:apiKey", API_KEY, true);
      await door.setBatch(project, BAD_BATCH);
      const output = await failedPreview();
      for (const says of BAD_INPUT_SAYS) expect(output).toMatch(says);
      for (const secret of [API_KEY, WEBHOOK_SECRET, SIP_PASSWORD]) expect(output).not.toContain(secret);
    });

    userPathSteps({
      project: () => project,
      admin,
      plugin: door.plugin,
      declare: () => door.setBatch(project, BATCH),
      change: {
        make: () => door.setBatch(project, { ...BATCH, webhookUrl: "https://hooks.example.com/doors-v2" }),
        patched: "webhookUrl",
        value: "https://hooks.example.com/doors-v2",
      },
      secrets: [API_KEY, WEBHOOK_SECRET, SIP_PASSWORD],
      declaredSecrets: [WEBHOOK_SECRET, SIP_PASSWORD],
    });

    // The same path again with the agent declared too: created before the batch, read on refresh,
    // deleted after it (the engine orders the batch's delete first: it takes the agent's id).
    describe("with an Agent the batch takes", () => {
      userPathSteps({
        project: () => project,
        admin,
        plugin: door.plugin,
        agent: true,
        declare: () => door.setBatch(project, BATCH, AGENT_INPUTS),
        change: {
          make: () =>
            door.setBatch(
              project,
              { ...BATCH, webhookUrl: "https://hooks.example.com/doors-v3" },
              AGENT_INPUTS,
            ),
          patched: "webhookUrl",
          value: "https://hooks.example.com/doors-v3",
        },
        secrets: [API_KEY, WEBHOOK_SECRET, SIP_PASSWORD, AGENT_SHARED_SECRET],
        declaredSecrets: [WEBHOOK_SECRET, SIP_PASSWORD],
      });
    });
  });
}
