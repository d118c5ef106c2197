import { spawn } from "node:child_process";
import * as path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PulumiProject, pulumiBin } from "../../scripts/lib/pulumi-project";
import { AGENT, DAY, iso } from "../fixtures";
import { DOORS, type Door } from "./doors/doors";
import { journaledEmulator } from "./journaled-emulator";

/**
 * Ctrl-C during a create's retry wait, through the real CLI: the emulator answers the first POST
 * 429 with `Retry-After: 20`, and the test sends SIGINT to `pulumi up` while the provider waits.
 * Through the plugin, the engine's Cancel ends the wait: no POST follows, no batch is made, and the
 * run ends well before the 20 s. The dynamic resource's host answers Cancel itself and tells the
 * provider nothing (@pulumi/pulumi's cmd/dynamic-provider), so there the wait runs out and the
 * batch is created and recorded: never lost, never doubled (docs/reliability.md, "Cancel").
 * Timings are printed, not asserted: the requests the emulator saw are.
 */

const API_KEY = "e2ecancl.abcdefghijklmnopqrstuvwxyz01234567";
const WEBHOOK_SECRET = "whsec-cancel-do-not-leak-90fd";
const SIP_PASSWORD = "sip-cancel-do-not-leak-12ab";
const T0 = Math.floor(Date.now() / DAY) * DAY;
const BATCHES = `/api/agents/${AGENT}/scheduled_batches`;

const BATCH = {
  agentId: AGENT,
  windowStart: iso(T0 + 10 * DAY),
  windowEnd: iso(T0 + 11 * DAY),
  webhookUrl: "https://hooks.example.com/cancel",
  // A call Ultravox hands to the webhook: the YAML door always sets the webhook secret.
  calls: [{ medium: { webRtc: {} }, templateContext: { customerName: "Grace" } }],
};

const service = journaledEmulator(API_KEY, { unknownThrottle: "accept" });

interface Interrupted {
  code: number | null;
  output: string;
  /** From the start of `pulumi up` to its exit. */
  totalMs: number;
  /** From SIGINT to the exit. */
  afterSigintMs: number;
}

/** `pulumi up`, interrupted with SIGINT `graceMs` after the emulator journaled its first POST. */
async function upInterrupted(project: PulumiProject, graceMs: number): Promise<Interrupted> {
  const admin = service.admin();
  const started = performance.now();
  const child = spawn(
    path.join(pulumiBin(), "pulumi"),
    ["up", "--yes", "--skip-preview", "--stack", project.stack, "--non-interactive"],
    { cwd: project.dir, env: project.env(), stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += String(chunk);
  });
  child.stderr.on("data", (chunk) => {
    output += String(chunk);
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  let sigintAt = 0;
  for (let polls = 0; polls < 600; polls++) {
    if ((await admin.requests()).some((line) => line.startsWith("POST"))) {
      await delay(graceMs);
      sigintAt = performance.now();
      child.kill("SIGINT");
      break;
    }
    if (child.exitCode !== null) break;
    await delay(200);
  }
  const code = await exited;
  const ended = performance.now();
  return { code, output, totalMs: ended - started, afterSigintMs: sigintAt ? ended - sigintAt : Number.NaN };
}

const THROUGH: Door[] = DOORS.filter((door) => /dynamic resource|Pulumi YAML/.test(door.name));

describe.each(THROUGH)("Ctrl-C during the wait before retrying a POST, through $name", (door) => {
  let project: PulumiProject;

  beforeAll(async () => {
    project = await door.project();
    await project.init([
      ["ultravox:apiKey", API_KEY, true],
      ["ultravox:baseUrl", service.emulator().url],
    ]);
    await project.setConfig("webhookSecret", WEBHOOK_SECRET, true);
    await project.setConfig("sipPassword", SIP_PASSWORD, true);
    await door.setBatch(project, BATCH);
  }, 600_000);

  afterAll(async () => {
    if (!project) return;
    await project.teardown();
    door.dispose?.(project);
  }, 300_000);

  it(door.plugin
    ? "sends no further request and creates no batch"
    : "cannot reach the provider: the batch is created once and recorded", async () => {
    const admin = service.admin();
    const before = (await admin.batches(AGENT)).map((b) => b.batchId);
    await admin.clearJournal();
    await admin.addFault({ kind: "status", status: 429, retryAfter: 20, method: "POST" });

    const run = await upInterrupted(project, 1_500);

    process.stderr.write(
      `${door.name}: pulumi up ended ${(run.afterSigintMs / 1000).toFixed(1)} s after SIGINT, ${(run.totalMs / 1000).toFixed(1)} s in all (exit ${run.code})\n`,
    );
    if (Number.isNaN(run.afterSigintMs) || process.env.SHOW_OUTPUT) process.stderr.write(run.output);
    const posts = (await admin.journal()).filter((entry) => entry.method === "POST");
    const made = (await admin.batches(AGENT)).map((b) => b.batchId).filter((id) => !before.includes(id));
    if (door.plugin) {
      expect(posts.map((entry) => `${entry.method} ${entry.path} ${entry.status}`)).toEqual([
        `POST ${BATCHES} 429`,
      ]);
      expect(made).toEqual([]);
      expect(run.code).not.toBe(0);
      expect(await project.batches()).toEqual([]);
    } else {
      // The host's Cancel is a no-op: the provider waits the 20 s out and sends the POST once more.
      expect(posts.map((entry) => entry.status)).toEqual([429, 201]);
      expect(made).toHaveLength(1);
      const [recorded] = await project.batches();
      expect(recorded?.id).toBe(made[0]);
    }
  }, 600_000);
});
