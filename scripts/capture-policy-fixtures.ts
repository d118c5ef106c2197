/**
 * Captures the policy-* fixtures of test/unit/plan/: the GitOps workflow's own plan step
 * (examples/gitops/campaigns.yml) run on the quick start under the vendored guardrails pack,
 * against the emulator, first with its 3 calls (advisory violations only), then with 5 (over
 * max-batch-size 4, mandatory). Saves each run's preview JSON and its event log.
 *
 *   npm run build && npx tsx scripts/capture-policy-fixtures.ts
 *
 * A file backend in a scratch folder is enough here: this captures the CLI's output, it does not
 * rehearse the workflow (test/e2e/gitops.e2e.test.ts does, against PostgreSQL).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator } from "../src/emulator";
import { loadWorkflow, runStep } from "./lib/gitops-workflow";
import { pulumiBin, REPO_ROOT } from "./lib/pulumi-project";

const API_KEY = "capture.abcdefghijklmnopqrstuvwxyz012345";
const PACK_CONFIG = {
  "calling-hours": "advisory",
  "running-batch-protected": "advisory",
  "max-batch-size": { enforcementLevel: "mandatory", maxCalls: 4 },
  "webhook-secret": "mandatory",
};
const root = path.join(REPO_ROOT, ".tmp", "capture-policy-fixtures");
const project = path.join(root, "project");
const temp = path.join(root, "runner-temp");
const fixtures = path.join(REPO_ROOT, "test", "unit", "plan", "fixtures");

/** The quick start plus the pack and its config, where the workflow's POLICY_* point. */
function makeProject(): void {
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(temp, { recursive: true });
  fs.cpSync(path.join(REPO_ROOT, "examples", "quickstart"), project, { recursive: true });
  fs.cpSync(
    path.join(REPO_ROOT, "examples", "guardrails-policy"),
    path.join(project, "policy", "guardrails"),
    {
      recursive: true,
      filter: (source) => path.basename(source) !== "node_modules",
    },
  );
  fs.writeFileSync(path.join(project, "policy", "guardrails-config.json"), JSON.stringify(PACK_CONFIG));
}

const extraCall = (to: string) =>
  `    {\n      medium: { twilio: { outgoing: { to: "${to}", from: "+14155550100" } } },\n    },\n`;

async function main(): Promise<void> {
  makeProject();
  const workflow = loadWorkflow();
  const workflowEnv = Object.entries(workflow.env).filter(([, value]) => !String(value).includes("${{"));
  const emulator = await startEmulator({ clock: "manual", apiKeys: [API_KEY] });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...Object.fromEntries(workflowEnv),
    PATH: [pulumiBin(), path.join(REPO_ROOT, "node_modules", ".bin"), process.env.PATH ?? ""].join(
      path.delimiter,
    ),
    PULUMI_HOME: path.join(root, "pulumi-home"),
    PULUMI_BACKEND_URL: `file://${path.join(root, "state")}`,
    PULUMI_CONFIG_PASSPHRASE: "capture",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    NO_COLOR: "1",
    STACK: "probe",
    RUNNER_TEMP: temp,
    GITHUB_STEP_SUMMARY: path.join(temp, "summary.md"),
    GITHUB_OUTPUT: path.join(temp, "github-output"),
  };
  fs.mkdirSync(path.join(root, "state"));
  const pulumi = (...args: string[]) =>
    execFileSync(path.join(pulumiBin(), "pulumi"), [...args, "--non-interactive"], { cwd: project, env });
  const planStep = workflow.jobs.preview!.steps.find((step) => step.run?.includes("ultravox-plan"))!;
  const capture = async (name: string, expectedStatus: number) => {
    const result = await runStep(planStep, project, env);
    process.stdout.write(result.output);
    if (result.status !== expectedStatus) throw new Error(`${name}: the plan step exited ${result.status}`);
    fs.copyFileSync(path.join(temp, "plan.json"), path.join(fixtures, `${name}.json`));
    fs.copyFileSync(path.join(temp, "events.jsonl"), path.join(fixtures, `${name}.jsonl`));
  };
  try {
    pulumi("stack", "init", "probe");
    pulumi("config", "set", "ultravox:baseUrl", emulator.url);
    pulumi("config", "set", "--secret", "ultravox:apiKey", API_KEY);
    await capture("policy-advisory", 0);
    const index = path.join(project, "index.ts");
    const program = fs.readFileSync(index, "utf8");
    const calls = extraCall("+14155550104") + extraCall("+14155550105");
    fs.writeFileSync(index, program.replace("  ],\n});", `${calls}  ],\n});`));
    await capture("policy-mandatory", 1);
  } finally {
    await emulator.close();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
