import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PulumiProject } from "../../scripts/lib/pulumi-project";
import { runPlan } from "../../src/plan/cli";
import { AGENT, DAY, iso } from "../fixtures";
import { DOORS } from "./doors/doors";
import { journaledEmulator } from "./journaled-emulator";
import { requestsOf } from "./user-path";

/**
 * Issue 24 items 1 and 2: calls are personal data. Through the dynamic resource and the plugin (from
 * YAML), every file the state backend wrote (the stack, its backups and history) holds no number and
 * no name of the program, and a preview of a changed call says how many calls, +added −removed, and
 * the changed call by its label and masked number, in the CLI's output, in `preview --json` and in
 * the plan tool's summary of it, never a number in full.
 */

const API_KEY = "e2eprivacy.abcdefghijklmnopqrstuvwxyz0123456";
const T0 = Math.floor(Date.now() / DAY) * DAY;

const call = (to: string, crmId: string, firstName: string) => ({
  medium: { twilio: { outgoing: { to, from: "+14155550100" } } },
  metadata: { crmId },
  templateContext: { firstName },
});

const CALLS = [
  call("+14155550111", "crm-7001", "Augusta"),
  call("+14155550122", "crm-7002", "Bartholomew"),
  call("+14155550133", "crm-7003", "Cordelia"),
  // A webhook call: the YAML door's program always sets a webhook secret, which needs one.
  { medium: { webRtc: {} }, metadata: { crmId: "crm-7004" }, templateContext: { firstName: "Desmond" } },
];
const EDITED = [CALLS[0], call("+14155550199", "crm-7002", "Bartholomew"), ...CALLS.slice(2)];
const batch = (calls: unknown[]) => ({
  agentId: AGENT,
  windowStart: iso(T0 + 10 * DAY),
  windowEnd: iso(T0 + 11 * DAY),
  webhookUrl: "https://hooks.example.com/privacy",
  callLabel: "metadata.crmId",
  calls,
});

/** Every number and name the program ever held (the caller's own number included). */
const PERSONAL = [
  "4155550100",
  "4155550111",
  "4155550122",
  "4155550133",
  "4155550199",
  "Augusta",
  "Bartholomew",
  "Cordelia",
  "Desmond",
];
const leaked = (text: string) => PERSONAL.filter((value) => text.includes(value));

const { emulator, admin } = journaledEmulator(API_KEY);
const doors = DOORS.filter((door) => !door.plugin || door.name.includes("YAML"));

for (const door of doors) {
  describe(door.name, () => {
    let project: PulumiProject;

    /**
     * A program that reads its calls from stack config must keep them in SECRET config: the dynamic
     * resource's default provider (`pulumi:providers:pulumi-nodejs`) stores the whole stack config
     * as its inputs in state (docs/personal-data.md). The YAML door writes them into Pulumi.yaml.
     */
    const setBatch = (value: Record<string, unknown>) =>
      door.plugin ? door.setBatch(project, value) : project.setConfig("batch", JSON.stringify(value), true);

    beforeAll(async () => {
      project = await door.project();
      await project.init([
        ["ultravox:baseUrl", emulator().url],
        ["ultravox:apiKey", API_KEY, true],
        // The YAML door's program reads these (doors.ts).
        ["webhookSecret", "whsec-privacy-e2e-5d1f", true],
        ["sipPassword", "sip-privacy-e2e-7a2c", true],
      ]);
      await setBatch(batch(CALLS));
      await project.up();
    }, 10 * 60_000);

    afterAll(async () => {
      await project?.teardown();
      if (project) door.dispose?.(project);
    });

    it(
      "state, its backups and its history hold no number and no name",
      async () => {
        const exported = (await project.ok("stack", "export")).stdout;
        expect(leaked(exported)).toEqual([]);
        expect(leaked(project.stateText())).toEqual([]);
        // Not vacuous: the calls are in state, encrypted.
        const [stored] = await project.batches();
        expect(JSON.stringify(stored?.outputs?.calls)).toContain("ciphertext");
      },
      10 * 60_000,
    );

    it(
      "a preview of a changed call shows the count, the label and the masked number only",
      async () => {
        await setBatch(batch(EDITED));
        let diff = "";
        let json = "";
        const sent = await requestsOf(admin(), async () => {
          diff = (await project.ok("preview", "--diff")).output;
          json = (await project.ok("preview", "--json")).stdout;
        });
        expect(sent).toEqual([]);
        for (const output of [diff, json]) {
          expect(output).toContain("calls: 4 calls, +1 −1");
          expect(output).toContain("~ call #2 (metadata.crmId crm-7002) +1 415 ***-0199");
          expect(leaked(output)).toEqual([]);
        }
        let plan = "";
        expect(
          runPlan([], json, (text) => {
            plan += text;
          }),
        ).toBe(0);
        expect(plan).toContain("4 calls, +1 −1");
        expect(plan).toContain("+1 415 ***-0199");
        expect(leaked(plan)).toEqual([]);
      },
      10 * 60_000,
    );

    it(
      "after the change is applied, still nothing in plaintext anywhere in the backend",
      async () => {
        await project.up();
        expect(leaked(project.stateText())).toEqual([]);
      },
      10 * 60_000,
    );
  });
}
