/**
 * `npm run demo`: the quick start, for real. Starts the local Ultravox emulator and runs plain
 * `pulumi` commands in examples/quickstart, as a user would (the CLI runs the program through the
 * Node.js language host): up, refresh after the first call is placed, pause the running campaign
 * through stack config, an unchanged up, destroy. After each step it prints Pulumi's own output,
 * the campaign's progress as the stack outputs show it, and the requests the emulator saw.
 *
 * The emulator's clock is manual and the demo moves it: on a real-time clock the calls went on
 * being placed while each Pulumi command started up (several seconds), so the counts depended on
 * the machine's speed, and `pulumi refresh` alone does not update stack outputs (it does not run
 * the program), so the outputs and the state told different stories.
 */
import * as path from "node:path";
import { startEmulator } from "../src/emulator";
import { EmulatorAdmin } from "./lib/emulator-admin";
import { type CommandResult, PulumiProject, REPO_ROOT } from "./lib/pulumi-project";

const bold = (text: string) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);
const indent = (text: string) => text.replace(/\s+$/, "").replace(/^/gm, "    ");
const step = (text: string) => console.log(`\n${bold(`==> ${text}`)}\n`);

function printPulumi(result: CommandResult): void {
  console.log(indent(result.stdout));
}

/** The campaign as the stack outputs show it: the one place the demo reads counts from. */
async function printProgress(project: PulumiProject): Promise<void> {
  const { batchId, completedCount, totalCount, endedAt, paused } = await project.outputs();
  console.log(
    `\n    batch ${batchId}: ${completedCount}/${totalCount} calls placed, paused ${paused}, endedAt ${endedAt}`,
  );
}

async function printJournal(admin: EmulatorAdmin, title: string): Promise<void> {
  console.log(`\n    ${title}`);
  const entries = await admin.journal();
  if (entries.length === 0) console.log("      (no requests)");
  for (const entry of entries) {
    const body = entry.body === null ? "" : ` ${JSON.stringify(entry.body).slice(0, 100)}`;
    console.log(`      ${entry.status ?? "---"} ${entry.method} ${entry.path}${body}`);
  }
  await admin.clearJournal();
}

async function main(): Promise<void> {
  step("Starting the local Ultravox emulator");
  // A manual clock at one call every 4 s: the demo moves time itself, so every run tells the same story.
  const emulator = await startEmulator({ clock: "manual", dialRatePerSecond: 0.25 });
  const admin = new EmulatorAdmin(emulator);
  console.log(`    listening on ${emulator.url}`);

  const project = new PulumiProject(path.join(REPO_ROOT, "examples", "quickstart"));
  try {
    step(`cd examples/quickstart; pulumi stack init ${project.stack}; pulumi config set ultravox:…`);
    console.log("    (builds the Pulumi CLI and its Node.js language host on first use)");
    await project.init([
      ["ultravox:apiKey", emulator.apiKey, true],
      ["ultravox:baseUrl", emulator.url],
    ]);

    step("pulumi up: create the agent and the campaign");
    printPulumi(await project.up());
    await printProgress(project);
    await printJournal(
      admin,
      "requests the emulator saw (one POST each, the agent first, and the look before the batch):",
    );

    step("4 s later, the first call is placed: pulumi refresh --run-program");
    await admin.advanceClock(4);
    // --run-program: the program runs too, so the stack outputs show the refreshed counts.
    printPulumi(await project.refresh("--run-program"));
    await printProgress(project);
    await printJournal(admin, "requests the emulator saw (one GET each):");

    step("pulumi config set paused true && pulumi up: pause the running campaign");
    await project.setConfig("paused", "true");
    printPulumi(await project.up());
    await printProgress(project);
    await printJournal(admin, "requests the emulator saw (one PATCH carrying only `paused`):");

    step("pulumi up again with no change");
    printPulumi(await project.up());
    await printJournal(admin, "requests the emulator saw:");

    step("pulumi destroy");
    printPulumi(await project.destroy());
    await printJournal(admin, "requests the emulator saw (one DELETE each, the batch first):");
    await project.ok("stack", "rm", "--yes");
    step("Done");
  } finally {
    project.dispose();
    await emulator.close();
  }
}

main().catch((error: unknown) => {
  console.error(`\ndemo failed: ${error instanceof Error ? error.message : String(error)}`);
  console.error("Prerequisites: `npm install` (Node 22 comes with it), and Go >= 1.25 or a Pulumi install.");
  process.exit(1);
});
