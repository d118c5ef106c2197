import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PulumiProject } from "../../scripts/lib/pulumi-project";
import { AGENT, DAY, iso } from "../fixtures";
import { DOORS, type Door } from "./doors/doors";
import { journaledEmulator } from "./journaled-emulator";

/**
 * No second batch after an unclear create, ever, through the real CLI and both kinds of door: the
 * first `pulumi up` POSTs, the service makes the batch but the answer is lost, and the search for it
 * afterwards fails too. The user fixes a typo and simply re-runs `pulumi up`: it finds the batch by
 * the resource's stable create token and takes it over. The emulator holds exactly one batch.
 */

const API_KEY = "e2eunclr.abcdefghijklmnopqrstuvwxyz01234567";
const WEBHOOK_SECRET = "whsec-unclear-do-not-leak-41ac";
const SIP_PASSWORD = "sip-unclear-do-not-leak-7d2e";
const T0 = Math.floor(Date.now() / DAY) * DAY;
const BATCHES = `/api/agents/${AGENT}/scheduled_batches`;

const BATCH = {
  agentId: AGENT,
  windowStart: iso(T0 + 10 * DAY),
  windowEnd: iso(T0 + 11 * DAY),
  webhookUrl: "https://hooks.example.com/unclear",
  calls: [
    { medium: { twilio: { outgoing: { to: "+14155550101", from: "+14155550100" } } }, metadata: { c: "1" } },
    { medium: { webRtc: {} }, templateContext: { customerName: "Graec" } },
  ],
};
/** The same program with the typo in a call fixed. */
const FIXED = {
  ...BATCH,
  calls: [BATCH.calls[0], { medium: { webRtc: {} }, templateContext: { customerName: "Grace" } }],
};

const service = journaledEmulator(API_KEY, { unknownThrottle: "accept" });

const THROUGH: Door[] = DOORS.filter((door) => /dynamic resource|Pulumi YAML/.test(door.name));

describe.each(THROUGH)("through $name", (door) => {
  let project: PulumiProject;

  beforeAll(async () => {
    project = await door.project();
    await project.init([
      ["ultravox:apiKey", API_KEY, true],
      ["ultravox:baseUrl", service.emulator().url],
    ]);
    await project.setConfig("webhookSecret", WEBHOOK_SECRET, true);
    await project.setConfig("sipPassword", SIP_PASSWORD, true);
  }, 600_000);

  afterAll(async () => {
    if (!project) return;
    await project.teardown();
    door.dispose?.(project);
  }, 300_000);

  it("lost answer, failed lookup, plain re-run: exactly one batch", async () => {
    const admin = service.admin();
    const before = (await admin.batches(AGENT)).map((b) => b.batchId);
    await door.setBatch(project, BATCH);
    await admin.clearJournal();
    // The look before the POST passes (a 1 ms delay uses up no other fault); the POST acts and its
    // connection drops; listing afterwards answers 500, which is not retried.
    await admin.addFault({ kind: "latency", ms: 1, method: "GET", path: "/scheduled_batches$" });
    await admin.addFault({ kind: "drop-after", method: "POST" });
    await admin.addFault({ kind: "status", status: 500, method: "GET", path: "/scheduled_batches$" });

    const first = await project.run(["up", "--yes", "--skip-preview"]);

    expect(first.code).not.toBe(0);
    const firstRequests = await admin.requests();
    expect(firstRequests.slice(0, 3)).toEqual([`GET ${BATCHES}`, `POST ${BATCHES}`, `GET ${BATCHES}`]);
    expect(first.output).toContain("may or may not have happened");
    expect(first.output).toContain("Re-running `pulumi up` is safe");
    const made = (await admin.batches(AGENT)).map((b) => b.batchId).filter((id) => !before.includes(id));
    expect(made).toHaveLength(1);
    expect(await project.batches()).toEqual([]); // the engine never saw the batch
    await admin.clearFaults();
    await admin.clearJournal();

    await door.setBatch(project, FIXED);
    const rerun = await project.run(["up", "--yes", "--skip-preview"]);

    expect(rerun.code, rerun.output).toBe(0);
    const requests = await admin.requests();
    expect(requests.filter((line) => line.startsWith("POST"))).toEqual([]);
    expect(requests[0]).toBe(`GET ${BATCHES}`);
    // Made to match the program: the fixed call list, in one PATCH.
    expect(requests.filter((line) => line.startsWith("PATCH"))).toEqual([`PATCH ${BATCHES}/${made[0]}`]);
    const after = (await admin.batches(AGENT)).map((b) => b.batchId).filter((id) => !before.includes(id));
    expect(after).toEqual(made);
    const [recorded] = await project.batches();
    expect(recorded?.id).toBe(made[0]);
    const stored = await admin.storedCalls(AGENT, made[0] as string);
    expect(JSON.stringify(stored)).toContain("Grace");
    await admin.clearJournal();

    // Converged: a further up sends nothing.
    const again = await project.run(["up", "--yes", "--skip-preview"]);
    expect(again.code, again.output).toBe(0);
    expect(await admin.requests()).toEqual([]);
  }, 600_000);

  it("a lookup that fails before the POST sends no POST; the re-run creates the batch once", async () => {
    const admin = service.admin();
    await project.run(["destroy", "--yes", "--skip-preview"]);
    const before = (await admin.batches(AGENT)).map((b) => b.batchId);
    await door.setBatch(project, { ...FIXED, webhookUrl: "https://hooks.example.com/unclear-2" });
    await admin.clearJournal();
    await admin.addFault({ kind: "status", status: 500, method: "GET", path: "/scheduled_batches$" });

    const first = await project.run(["up", "--yes", "--skip-preview"]);

    expect(first.code).not.toBe(0);
    expect(first.output).toContain("Nothing was sent");
    expect(await admin.requests()).toEqual([`GET ${BATCHES}`]);
    await admin.clearFaults();
    await admin.clearJournal();

    const rerun = await project.run(["up", "--yes", "--skip-preview"]);

    expect(rerun.code, rerun.output).toBe(0);
    const requests = await admin.requests();
    expect(requests.filter((line) => line.startsWith("POST"))).toEqual([`POST ${BATCHES}`]);
    const made = (await admin.batches(AGENT)).map((b) => b.batchId).filter((id) => !before.includes(id));
    expect(made).toHaveLength(1);
  }, 600_000);
});
