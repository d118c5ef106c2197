import * as fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CommandResult, PulumiProject } from "../../scripts/lib/pulumi-project";
import { AGENT, DAY, iso, OTHER_AGENT } from "../fixtures";
import { CAMPAIGN_PROJECT } from "./campaign";
import { journaledEmulator } from "./journaled-emulator";
import { requestsOf } from "./user-path";
import { emptyYamlProject, setYamlProgram } from "./yaml-project";

/**
 * A campaign's life is safe by default (issue 22 items 1, 2, 4, 7, 8), through both doors: the
 * dynamic resource (TypeScript) and the plugin (YAML). Plain `pulumi` commands against the emulator,
 * in order on one stack per door; each step counts the requests the emulator journaled.
 */

const API_KEY = "e2esafe1.abcdefghijklmnopqrstuvwxyz01234567";
const SIP_PASSWORD = "sip-safety-do-not-leak-5d1e";
const T0 = Date.now();
/** A valid agent id the emulator does not know: a typo. */
const TYPO_AGENT = "11111111-2222-4333-8444-555555555556";

type Batch = Record<string, unknown>;

const call = (to: string) => ({ medium: { twilio: { outgoing: { to, from: "+14155550100" } } } });
const sipCall = {
  medium: {
    sip: { outgoing: { to: "sip:alan@sip.example.com", username: "alan", password: "$sipPassword" } },
  },
};
/** Opens tomorrow, so no call is placed until the test moves the emulator's clock. */
const BATCH: Batch = {
  agentId: AGENT,
  windowStart: iso(T0 + DAY),
  windowEnd: iso(T0 + 2 * DAY),
  calls: [call("+14155550101"), call("+14155550102"), sipCall],
};
/** The re-created batch's window: the emulator's clock has moved on by then (once per door). */
const RECREATED: Batch = { ...BATCH, windowEnd: iso(T0 + 10 * DAY) };
const EDITED_CALLS = [call("+14155550101"), call("+14155550102"), call("+14155550103"), sipCall];

/** Pulumi YAML's reference to the secret config value. */
const YAML_SIP_PASSWORD = `\${sipPassword}`;

interface SafetyDoor {
  name: string;
  /** Through the provider plugin, which sees the URN of a `pulumi up --replace` (the dynamic host does not). */
  plugin: boolean;
  project(): PulumiProject;
  /** Gives the program this batch, with these resource options. */
  set(project: PulumiProject, batch: Batch, options?: { ignoreChanges?: string[] }): Promise<void>;
  dispose?(project: PulumiProject): void;
}

const DOORS: SafetyDoor[] = [
  {
    name: "the dynamic resource (TypeScript)",
    plugin: false,
    project: () => new PulumiProject(CAMPAIGN_PROJECT),
    async set(project, batch, options = {}) {
      await project.setConfig("batch", JSON.stringify(batch));
      await project.setConfig("ignoreChanges", JSON.stringify(options.ignoreChanges ?? []));
    },
  },
  {
    name: "the plugin through Pulumi YAML",
    plugin: true,
    project: () => new PulumiProject(emptyYamlProject("safety-yaml")),
    dispose: (project) => fs.rmSync(project.dir, { recursive: true, force: true }),
    async set(project, batch, options = {}) {
      setYamlProgram(project.dir, {
        config: { sipPassword: { type: "string" } },
        resources: {
          campaign: {
            type: "ultravox:index:ScheduledBatch",
            properties: JSON.parse(
              JSON.stringify(batch).replaceAll('"$sipPassword"', `"${YAML_SIP_PASSWORD}"`),
            ),
            // As docs/plugin.md asks: the engine asks a plugin nothing about `pulumi up --replace`.
            options: {
              deleteBeforeReplace: true,
              ...(options.ignoreChanges ? { ignoreChanges: options.ignoreChanges } : {}),
            },
          },
        },
      });
    },
  },
];

const { emulator, admin } = journaledEmulator(API_KEY, { agents: [AGENT, OTHER_AGENT] });

/** A create lists the agent's batches first (the look for an earlier create's batch), then POSTs. */
const LOOK_THEN_POST = [
  `GET /api/agents/${AGENT}/scheduled_batches`,
  `POST /api/agents/${AGENT}/scheduled_batches`,
];

/** The requests without the look's reads of other batches' calls (how many depends on earlier tests). */
const creating = (sent: string[]) => sent.filter((line) => !line.endsWith("/scheduled_calls"));

for (const door of DOORS) {
  // Ten steps of plain CLI commands in order, on a shared 2-core machine.
  describe(door.name, { timeout: 300_000 }, () => {
    let project: PulumiProject;
    let batchId = "";

    beforeAll(async () => {
      project = door.project();
      await project.init([
        ["ultravox:apiKey", API_KEY, true],
        ["ultravox:baseUrl", emulator().url],
        ["sipPassword", SIP_PASSWORD, true],
        ["resourceName", "campaign"],
      ]);
    });

    afterAll(async () => {
      await project?.teardown();
      if (project) door.dispose?.(project);
    });

    /** Runs `pulumi <args>`; returns its result and the requests it caused. */
    async function run(...args: string[]): Promise<{ result: CommandResult; sent: string[] }> {
      let result: CommandResult | undefined;
      const sent = await requestsOf(admin(), async () => {
        result = await project.run(args);
      });
      return { result: result as CommandResult, sent };
    }

    async function failedPreview(): Promise<{ output: string; sent: string[] }> {
      const { result, sent } = await run("preview");
      expect(result.code, result.output).not.toBe(0);
      expect(result.output).not.toContain(SIP_PASSWORD);
      return { output: result.output, sent };
    }

    async function stateOutputs(): Promise<{ id: string; outputs: Record<string, unknown> }> {
      const [batch] = await project.batches();
      if (!batch) throw new Error("no ScheduledBatch in state");
      return { id: batch.id ?? "", outputs: batch.outputs ?? {} };
    }

    it("creates the batch", async () => {
      await door.set(project, BATCH);
      const { result, sent } = await run("up", "--yes", "--skip-preview");
      expect(result.code, result.output).toBe(0);
      expect(creating(sent)).toEqual(LOOK_THEN_POST);
      batchId = (await stateOutputs()).id;
    });

    it("item 1: an agentId typo fails at preview and at up after one GET of the agent; the batch stays", async () => {
      await door.set(project, { ...BATCH, agentId: TYPO_AGENT });
      const { output, sent } = await failedPreview();
      expect(sent).toEqual([`GET /api/agents/${TYPO_AGENT}`]);
      expect(output).toContain(`GET /api/agents/${TYPO_AGENT} failed`);
      expect(output).toContain("The batch was left as it is");
      const up = await run("up", "--yes", "--skip-preview");
      expect(up.result.code).not.toBe(0);
      expect(up.sent).toEqual([`GET /api/agents/${TYPO_AGENT}`]);
      expect((await admin().batch(AGENT, batchId)).status).toBe(200);
    });

    it("item 1: an agent that exists is proven with that one GET, and the replace previews", async () => {
      await door.set(project, { ...BATCH, agentId: OTHER_AGENT });
      const { result, sent } = await run("preview");
      expect(result.code, result.output).toBe(0);
      expect(result.output).toMatch(/to replace|replace/);
      expect(sent).toEqual([`GET /api/agents/${OTHER_AGENT}`]);
    });

    it("item 7: ignoreChanges on calls, SIP password included, previews and applies no change", async () => {
      await door.set(project, { ...BATCH, calls: EDITED_CALLS }, { ignoreChanges: ["calls"] });
      const preview = await run("preview");
      expect(preview.result.code, preview.result.output).toBe(0);
      expect(preview.result.output).not.toMatch(/to update|to replace/);
      expect(preview.sent).toEqual([]);
      const up = await run("up", "--yes", "--skip-preview");
      expect(up.result.code, up.result.output).toBe(0);
      expect(up.sent).toEqual([]);
    });

    it("item 7: a path inside calls fails at preview naming the supported form", async () => {
      await door.set(project, { ...BATCH, calls: EDITED_CALLS }, { ignoreChanges: ["calls[0].metadata"] });
      const { output, sent } = await failedPreview();
      expect(sent).toEqual([]);
      expect(output).toContain("ignoreChanges cannot reach inside calls");
      expect(output).toContain('ignoreChanges: ["calls"]');
    });

    it("item 2: once calls are placed, refresh still works and a calls edit or replace fails at preview", async () => {
      await door.set(project, BATCH);
      await admin().advanceClock(DAY / 1000 + 3600); // into the window: the emulator places the calls
      const refresh = await run("refresh", "--yes", "--skip-preview");
      expect(refresh.result.code, refresh.result.output).toBe(0);
      const { outputs } = await stateOutputs();
      expect(outputs.completedCount).toBe(3);

      await door.set(project, { ...BATCH, calls: EDITED_CALLS });
      const edit = await failedPreview();
      expect(edit.sent).toEqual([]);
      expect(edit.output).toContain(`changing the calls of batch ${batchId}, which has placed calls`);
      expect(edit.output).toContain("3 people would be called again");
      expect(edit.output).toContain(`allowRedialOf: "${batchId}"`);

      await door.set(project, { ...BATCH, agentId: OTHER_AGENT });
      const replace = await failedPreview();
      expect(replace.sent).toEqual([]); // refused before the agent's GET
      expect(replace.output).toContain(`replacing batch ${batchId} (agentId changes)`);
    });

    if (door.plugin) {
      it("item 2: `pulumi up --replace` of a batch with placed calls fails before its DELETE", async () => {
        await door.set(project, BATCH);
        const [batch] = await project.batches();
        const up = await run("up", "--yes", "--skip-preview", "--replace", batch?.urn ?? "");
        expect(up.result.code).not.toBe(0);
        expect(up.sent).toEqual([]);
        expect(up.result.output).toContain(`replacing batch ${batchId} (\`pulumi up --replace\`)`);
        expect((await admin().batch(AGENT, batchId)).status).toBe(200);
      });
    }

    it("item 2: allowRedialOf naming the batch lets that re-dial preview", async () => {
      await door.set(project, { ...BATCH, calls: EDITED_CALLS, allowRedialOf: batchId });
      const { result, sent } = await run("preview");
      expect(result.code, result.output).toBe(0);
      expect(sent).toEqual([]);
    });

    it("item 2: a batch deleted outside stays a tombstone; its re-create needs allowRedialOf", async () => {
      await door.set(project, BATCH);
      await admin().request("DELETE", `/api/agents/${AGENT}/scheduled_batches/${batchId}`);
      const refresh = await run("refresh", "--yes", "--skip-preview");
      expect(refresh.result.code, refresh.result.output).toBe(0);
      const tombstone = await stateOutputs();
      expect(tombstone.id).toBe(batchId);
      expect(typeof tombstone.outputs.deletedOutsideAt).toBe("string");
      expect(tombstone.outputs.completedCount).toBe(3);

      const { output, sent } = await failedPreview();
      expect(sent).toEqual([]);
      expect(output).toContain(`batch ${batchId} was deleted outside Pulumi`);

      await door.set(project, { ...RECREATED, allowRedialOf: batchId });
      const up = await run("up", "--yes", "--skip-preview");
      expect(up.result.code, up.result.output).toBe(0);
      expect(creating(up.sent)).toEqual(LOOK_THEN_POST); // no DELETE for the tombstone
      const recreated = await stateOutputs();
      expect(recreated.id).not.toBe(batchId);
      expect(recreated.outputs.deletedOutsideAt).toBeUndefined();
      batchId = recreated.id;
    });

    it("item 4: preview and up warn that a pause is permanent, naming the batch", async () => {
      await door.set(project, { ...RECREATED, paused: true });
      const preview = await run("preview");
      expect(preview.result.code, preview.result.output).toBe(0);
      expect(preview.sent).toEqual([]);
      expect(preview.result.output).toContain(`batch ${batchId}: pausing is permanent`);
      const up = await run("up", "--yes", "--skip-preview");
      expect(up.result.code, up.result.output).toBe(0);
      expect(up.result.output).toContain(`batch ${batchId}: pausing is permanent`);
      expect(up.sent).toEqual([`PATCH /api/agents/${AGENT}/scheduled_batches/${batchId}`]);
    });

    it("a tombstone removed from the program (destroy) sends no request", async () => {
      await admin().request("DELETE", `/api/agents/${AGENT}/scheduled_batches/${batchId}`);
      expect((await run("refresh", "--yes", "--skip-preview")).result.code).toBe(0);
      const destroy = await run("destroy", "--yes", "--skip-preview");
      expect(destroy.result.code, destroy.result.output).toBe(0);
      expect(destroy.sent).toEqual([]);
      expect(await project.batches()).toEqual([]);
    });
  });
}
