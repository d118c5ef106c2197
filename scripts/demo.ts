/**
 * `npm run demo`: the quick start, for real. Starts the local Ultravox emulator, runs `pulumi up`
 * of examples/quickstart with the real Pulumi CLI on a local backend, prints the outputs, pauses
 * the campaign through stack config (one `up`, one PATCH), shows the emulator's request journal,
 * then destroys everything.
 */
import type { OutputMap, Stack } from "@pulumi/pulumi/automation";
import { quickstart } from "../examples/quickstart/program";
import { startEmulator } from "../src/emulator";
import { EmulatorAdmin } from "./lib/emulator-admin";
import { localStack } from "./lib/local-stack";

const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);
const step = (text: string) => console.log(`\n${bold(`==> ${text}`)}\n`);
const pulumiOutput = (text: string) => process.stdout.write(text.replace(/^/gm, "    "));

function printOutputs(outputs: OutputMap): void {
  for (const [name, output] of Object.entries(outputs)) {
    console.log(`    ${name.padEnd(16)} ${output.secret ? "[secret]" : JSON.stringify(output.value)}`);
  }
}

/** Refresh updates resources, not stack outputs: read the batch's outputs from the state. */
async function printBatchState(stack: Stack): Promise<void> {
  const { deployment } = await stack.exportStack();
  const resources = deployment.resources as { type: string; outputs?: Record<string, unknown> }[];
  for (const resource of resources.filter((r) => r.type.endsWith("ultravox:ScheduledBatch"))) {
    const { batchId, totalCount, completedCount, endedAt } = resource.outputs ?? {};
    console.log(
      `    batch ${batchId}: ${completedCount}/${totalCount} calls done, endedAt ${endedAt ?? "-"}`,
    );
  }
}

async function printJournal(admin: EmulatorAdmin): Promise<void> {
  const entries = await admin.journal();
  if (entries.length === 0) console.log("    (no requests)");
  for (const entry of entries) {
    const body = entry.body === null ? "" : ` ${JSON.stringify(entry.body).slice(0, 100)}`;
    console.log(`    ${entry.status ?? "---"} ${entry.method} ${entry.path}${body}`);
  }
  await admin.clearJournal();
}

async function main(): Promise<void> {
  step("Starting the local Ultravox emulator");
  const emulator = await startEmulator({ clock: "realtime", dialRatePerSecond: 1 });
  const admin = new EmulatorAdmin(emulator);
  console.log(`    listening on ${emulator.url}`);

  step("Preparing a stack on a local file backend (builds the Pulumi CLI on first use)");
  const local = await localStack({
    projectName: "ultravox-quickstart",
    program: async () => quickstart(),
    config: {
      "ultravox:apiKey": { value: emulator.apiKey, secret: true },
      "ultravox:baseUrl": { value: emulator.url },
      agentId: { value: "6c8d3c1e-2f4b-4a7e-9b1d-0e5f7a9c3b21" },
    },
  });
  const stack: Stack = local.stack;
  try {
    step("pulumi up: create the campaign");
    const created = await stack.up({ onOutput: pulumiOutput });
    console.log("\n    stack outputs:");
    printOutputs(created.outputs);
    console.log("\n    requests the emulator saw:");
    await printJournal(admin);

    step("Waiting 3 s while the emulator places calls, then pulumi refresh to read progress");
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await stack.refresh({ onOutput: () => {} });
    await printBatchState(stack);
    await admin.clearJournal();

    step("pulumi config set paused true && pulumi up: pause the campaign");
    await stack.setConfig("paused", { value: "true" });
    await stack.up({ onOutput: pulumiOutput });
    console.log("\n    requests the emulator saw (one PATCH carrying only `paused`):");
    await printJournal(admin);

    step("pulumi up again with no change: no request at all");
    await stack.up({ onOutput: () => {} });
    await printJournal(admin);

    step("pulumi destroy");
    await stack.destroy({ onOutput: pulumiOutput });
    console.log("\n    requests the emulator saw:");
    await printJournal(admin);
    step("Done");
  } finally {
    await local.dispose();
    await emulator.close();
  }
}

main().catch((error: unknown) => {
  console.error(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}`);
  console.error(
    "Prerequisites: `npm install` (Node 22 comes with it), and Go >= 1.25 or a `pulumi` CLI on PATH.",
  );
  process.exit(1);
});
