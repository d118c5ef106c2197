import * as fs from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import type { EmulatorAdmin } from "../../scripts/lib/emulator-admin";
import { BATCH_TYPES, type PulumiProject, type StateResource } from "../../scripts/lib/pulumi-project";

/**
 * The user's path one batch takes through plain `pulumi` commands, as steps that count the requests
 * the emulator journaled: preview sends nothing, `up` one POST (after one look for an earlier create's batch), a no-op preview and `up` nothing, a
 * one-field change one PATCH of that field, refresh only a GET and no change, no plaintext secret in
 * state, destroy one DELETE. Run in order on one stack, by every door (doors/same-wire.e2e.test.ts)
 * and every example (examples.e2e.test.ts).
 */

export interface UserPath {
  /** The project; its stack is initialised (API key, base URL) before the first step. */
  project: () => PulumiProject;
  admin: () => EmulatorAdmin;
  /** Through the provider plugin (no `__provider` in state), or the dynamic resource. */
  plugin: boolean;
  /** Makes the program declare the batch, before the first preview (when it does not already). */
  declare?: () => Promise<void>;
  /** A one-field change as the user makes it, and the one field its PATCH must carry (and its value). */
  change: { make: () => Promise<void>; patched: string; value?: unknown };
  /** Values that must never appear in state in plaintext (besides the batch's webhook secret). */
  secrets: string[];
  /** Secrets the program declares: they must reach the service (so their absence from state means something). */
  declaredSecrets?: string[];
  /** The program also manages the call throttle its batch names (created first, deleted last). */
  throttle?: boolean;
  /** The program also manages the agent its batch takes (`agentId: agent.agentId`: created first, deleted last). */
  agent?: boolean;
}

const NO_CHANGE = /to update|to create|to replace|to delete/;

/** The requests `step` causes, as `METHOD path` lines. */
export async function requestsOf(admin: EmulatorAdmin, step: () => Promise<unknown>): Promise<string[]> {
  await admin.clearJournal();
  await step();
  return admin.requests();
}

/** The batch's id, inputs and outputs in state, secrets decrypted (their ciphertext changes on every write). */
async function batchState(project: PulumiProject): Promise<unknown[]> {
  const { stdout } = await project.ok("stack", "export", "--show-secrets");
  const resources = (JSON.parse(stdout) as { deployment: { resources: StateResource[] } }).deployment
    .resources;
  return resources
    .filter((r) => BATCH_TYPES.includes(r.type))
    .map(({ id, inputs, outputs }) => ({ id, inputs, outputs }));
}

export function userPathSteps(path: UserPath): void {
  let batchPath = "";
  let throttlePath = "";
  let agentPath = "";
  let created = { agentId: "", batchId: "" };
  const project = () => path.project();
  const admin = () => path.admin();

  it("preview plans the batch and sends no request", async () => {
    await path.declare?.();
    let stdout = "";
    expect(await requestsOf(admin(), async () => ({ stdout } = await project().preview()))).toEqual([]);
    expect(stdout).toMatch(
      path.plugin
        ? /\+ {1,3}ultravox:index:ScheduledBatch/
        : /\+ {1,3}pulumi-nodejs:dynamic:Resource|ultravox:ScheduledBatch/,
    );
    expect(stdout).toMatch(
      new RegExp(`${2 + Number(path.throttle ?? false) + Number(path.agent ?? false)} to create`),
    );
    if (path.throttle)
      expect(stdout).toMatch(path.plugin ? /ultravox:index:CallThrottle/ : /ultravox:CallThrottle/);
    if (path.agent) expect(stdout).toMatch(path.plugin ? /ultravox:index:Agent/ : /ultravox:Agent/);
  });

  const others = path.throttle || path.agent;
  it(`up sends exactly one POST${others ? " per resource, the batch last" : ""}`, async () => {
    await admin().clearJournal();
    await project().up();
    const journal = await admin().journal();
    const sent = journal.map((entry) => `${entry.method} ${entry.path}`);
    if (path.agent) {
      // The batch takes the agent's id, so the agent is created first and the batch is made under it.
      const index = sent.indexOf("POST /api/agents");
      expect(index).toBeGreaterThanOrEqual(0);
      expect(index).toBeLessThan(sent.length - 2);
      sent.splice(index, 1);
      const made = (await project().resources()).find((r) => r.type.endsWith("Agent"));
      agentPath = `/api/agents/${made?.id}`;
      expect(sent.at(-1)).toBe(`POST ${agentPath}/scheduled_batches`);
    }
    if (path.throttle) {
      // The batch names the throttle, so the throttle is created first and the batch carries its name.
      expect(sent.shift()).toBe("POST /api/call_throttles");
      const [throttle, batch] = journal
        .filter((entry) => entry.method === "POST" && entry.path !== "/api/agents")
        .map((entry) => entry.body as { name?: string; throttle?: string });
      expect(batch?.throttle).toBe(throttle?.name);
      const made = (await project().resources()).find((r) => r.type.endsWith("CallThrottle"));
      throttlePath = `/api/call_throttles/${made?.id}`;
      expect((await admin().request("GET", throttlePath)).json).toMatchObject({ name: throttle?.name });
    }
    // The look for a batch an earlier, unfinished create of this resource made, then the POST.
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatch(/^GET \/api\/agents\/[0-9a-f-]{36}\/scheduled_batches$/);
    expect(sent[1]).toMatch(/^POST \/api\/agents\/[0-9a-f-]{36}\/scheduled_batches$/);
    const [batch] = await project().batches();
    created = { agentId: batch!.outputs!.agentId as string, batchId: batch!.id! };
    batchPath = `/api/agents/${created.agentId}/scheduled_batches/${created.batchId}`;
    expect((await admin().request("GET", batchPath)).status).toBe(200);
  });

  it("a no-op preview and up send no request and plan no change", async () => {
    let previewed = "";
    let applied = "";
    const sent = await requestsOf(admin(), async () => {
      previewed = (await project().preview()).output;
      applied = (await project().up()).stdout;
    });
    expect(sent).toEqual([]);
    expect(previewed).not.toMatch(NO_CHANGE);
    // The YAML and Python hosts warn about what they do not understand; these programs are clean.
    if (path.plugin) expect(previewed).not.toMatch(/warning/i);
    expect(applied).not.toMatch(/created|updated|replaced|deleted/);
  });

  it(`a one-field change sends exactly one PATCH carrying only ${path.change.patched}`, async () => {
    await path.change.make();
    await admin().clearJournal();
    await project().up();
    const journal = await admin().journal();
    expect(journal.map((entry) => `${entry.method} ${entry.path}`)).toEqual([`PATCH ${batchPath}`]);
    const body = journal[0]!.body as Record<string, unknown>;
    expect(Object.keys(body)).toEqual([path.change.patched]);
    if (path.change.value !== undefined) expect(body[path.change.patched]).toEqual(path.change.value);
  });

  it("refresh reads each resource with one GET and changes nothing", async () => {
    const before = await batchState(project());
    const reads = [
      `GET ${batchPath}`,
      ...(path.throttle ? [`GET ${throttlePath}`] : []),
      ...(path.agent ? [`GET ${agentPath}`] : []),
    ];
    expect((await requestsOf(admin(), () => project().refresh())).sort()).toEqual(reads.sort());
    expect(await batchState(project())).toEqual(before);
    let previewed = "";
    expect(
      await requestsOf(admin(), async () => ({ stdout: previewed } = await project().preview())),
    ).toEqual([]);
    expect(previewed).not.toMatch(NO_CHANGE);
  });

  it(`state holds no plaintext secret${path.plugin ? " and no __provider" : ""}`, async () => {
    const state = project().stateText();
    expect(state).toContain("ScheduledBatch");
    // The webhook secret in use (the program's or the server's choice) is encrypted in state.
    const live = (await admin().request("GET", batchPath)).json as { webhookSecret?: unknown };
    expect(typeof live.webhookSecret).toBe("string");
    for (const secret of [...path.secrets, live.webhookSecret as string]) expect(state).not.toContain(secret);
    if (path.declaredSecrets) {
      const atService = JSON.stringify([live, await admin().storedCalls(created.agentId, created.batchId)]);
      for (const secret of path.declaredSecrets) expect(atService).toContain(secret);
    }
    if (path.plugin) expect(state).not.toContain("__provider");
    else expect(state).toContain("__provider");
    // Calls are personal data (docs/personal-data.md): no phone number in plaintext anywhere in the
    // backend (state, history, backups; a number starts a JSON string, unlike base64 ciphertext), but for the operator's own plaintext stack config, which
    // the dynamic resource's default provider keeps as its inputs (e.g. a caller id).
    const read = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "");
    // The stack's config and the project's config defaults (Pulumi.yaml), e.g. a caller id.
    const config = read(project().configFile) + read(join(project().dir, "Pulumi.yaml"));
    const numbers = [...new Set(state.match(/(?<=")\+\d{8,15}/g) ?? [])].filter((n) => !config.includes(n));
    expect(numbers).toEqual([]);
  });

  it("destroy sends one DELETE per resource, the batch first (before its agent and throttle)", async () => {
    const after = [
      ...(path.throttle ? [`DELETE ${throttlePath}`] : []),
      ...(path.agent ? [`DELETE ${agentPath}`] : []),
    ];
    const [first, ...rest] = await requestsOf(admin(), () => project().destroy());
    expect(first).toBe(`DELETE ${batchPath}`);
    expect(rest.sort()).toEqual(after.sort());
    expect((await admin().request("GET", batchPath)).status).toBe(404);
  });
}
