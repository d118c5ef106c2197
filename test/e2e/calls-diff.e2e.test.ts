import { afterAll, beforeAll, expect, it } from "vitest";
import { AGENT, CampaignStack, outgoingCall } from "./campaign";
import { journaledEmulator } from "./journaled-emulator";

/**
 * `pulumi preview --diff` after calls are appended shows only the calls that changed. The calls
 * text used to end without a newline, and the CLI's line diff then showed the unchanged former
 * last call as removed and added again.
 */

const { emulator } = journaledEmulator("e2etest1.abcdefghijklmnopqrstuvwxyz012345");
let stack: CampaignStack;
const first = ["+14155550101", "+14155550102", "+14155550103"];

beforeAll(async () => {
  stack = new CampaignStack(emulator());
  await stack.init({ agentId: AGENT, calls: first.map(outgoingCall) });
  // The engine's own line diff of calls is what this file tests: the opt-out of encrypted calls.
  await stack.project.setConfig("ultravox:plainCalls", "true");
  await stack.project.up();
}, 600_000);

afterAll(async () => {
  await stack?.dispose();
}, 600_000);

it("appending two calls shows two added lines and no removed line", async () => {
  await stack.setBatch({
    agentId: AGENT,
    calls: [...first, "+14155550104", "+14155550105"].map(outgoingCall),
  });
  const { stdout } = await stack.project.ok("preview", "--diff");
  const changed = stdout.split("\n").filter((line) => /^\s*[-+] \{"medium"/.test(line));
  expect(changed, stdout).toHaveLength(2);
  expect(
    changed.every((line) => line.trim().startsWith("+")),
    stdout,
  ).toBe(true);
  expect(changed.join("\n")).toContain("+14155550104");
  expect(changed.join("\n")).toContain("+14155550105");
}, 600_000);
