#!/usr/bin/env node
/**
 * `ultravox-plan < preview.json`: reads `pulumi preview --json` on stdin and prints "who gets
 * called" as Markdown (for $GITHUB_STEP_SUMMARY). Flags:
 *   --title <text>                  the summary's heading
 *   --github-output                 append `needs-approval=true|false` and `approvals=<token>` to
 *                                   $GITHUB_OUTPUT
 *   --refuse-unapproved             exit 1 when the plan needs a reviewer's approval: people called
 *                                   again (re-create, replace), a campaign stopped or left running
 *                                   unmanaged (delete, retainOnDelete), faster dialling (throttles);
 *                                   --refuse-replace-or-delete is the same flag's older name
 *   --approved <token>              with --refuse-unapproved: the approvals a reviewer approved (the
 *                                   `approvals` output of --github-output); the plan passes only when
 *                                   it needs exactly those
 *   --drift                         drift alarm (input from `preview --refresh`): print each batch
 *                                   that differs from git, exit 1 when any does
 *   --policy-events <file>          the preview's `--event-log`: show its guardrail violations (the
 *                                   JSON leaves them out); exit 1 on a mandatory one
 * Exit 2: the input is not a preview (neither `steps` nor `changeSummary`), or the preview itself
 * reported errors.
 */
import * as fs from "node:fs";
import { approvalsDigest, planOf } from "./approvals";
import { driftFindings } from "./drift";
import { type PolicyViolation, policyViolations } from "./policy-events";
import { parsePreviewJson } from "./preview-json";
import { renderSummary } from "./summary";
import { renderViolations, violationAnnotations } from "./violations-summary";

interface Flags {
  title?: string;
  githubOutput: boolean;
  refuse: boolean;
  approved?: string;
  drift: boolean;
  policyEvents?: string;
}

function parseFlags(args: string[]): Flags {
  const flags: Flags = { githubOutput: false, refuse: false, drift: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--title") flags.title = args[++i];
    else if (arg === "--github-output") flags.githubOutput = true;
    else if (arg === "--refuse-unapproved" || arg === "--refuse-replace-or-delete") flags.refuse = true;
    else if (arg === "--approved") flags.approved = args[++i] ?? "";
    else if (arg === "--drift") flags.drift = true;
    else if (arg === "--policy-events") flags.policyEvents = args[++i];
    else throw new Error(`unknown argument ${arg}`);
  }
  return flags;
}

/** The violations in the event log file; none when the flag is absent. */
function readViolations(file: string | undefined): PolicyViolation[] {
  if (file === undefined) return [];
  // No file: the preview stopped before the engine ran (e.g. a bad flag), so no policy ran.
  if (!fs.existsSync(file)) throw new Error(`no policy event log at ${file}: the preview did not run`);
  return policyViolations(fs.readFileSync(file, "utf8"));
}

/** Runs the command; returns the exit code. Exported for tests. */
export function runPlan(args: string[], input: string, out: (text: string) => void): number {
  const flags = parseFlags(args);
  const preview = parsePreviewJson(input);
  const violations = readViolations(flags.policyEvents);
  const mandatory = violations.some((v) => v.mandatory);
  out(violationAnnotations(violations));
  const errors = preview.diagnostics.filter((d) => d.severity === "error");
  for (const error of errors) out(`::error::${(error.message ?? "").trim()}\n`);
  const plan = planOf(preview);
  const changes = plan.batches;

  if (flags.drift) {
    const findings = driftFindings(changes);
    for (const finding of findings) out(`::error title=Campaign drift::${finding.message}\n`);
    if (findings.length === 0 && errors.length === 0) {
      out(`No drift: ${changes.length} live batch(es) match git.\n`);
    }
    return errors.length > 0 ? 2 : findings.length > 0 ? 1 : 0;
  }

  if (errors.length > 0 && !mandatory) {
    out(`### ${flags.title ?? "Who gets called"}\n\nThe preview failed (errors above): there is no plan.\n`);
    return 2;
  }
  out(renderSummary(plan, flags.title));
  out(renderViolations(violations));
  if (mandatory) return 1;
  const approval = plan.approvals.length > 0;
  const digest = approvalsDigest(plan.approvals);
  if (flags.githubOutput && process.env.GITHUB_OUTPUT) {
    fs.appendFileSync(process.env.GITHUB_OUTPUT, `needs-approval=${approval}\napprovals=${digest}\n`);
  }
  if (flags.refuse && approval && flags.approved === digest) {
    out(`Approved by a reviewer: ${plan.approvals.join("; ")}.\n`);
    return 0;
  }
  if (flags.refuse && approval) {
    if (flags.approved) {
      out(
        "::error::The plan changed since the reviewer approved it: it now needs other approvals than the ones given. Re-run the workflow to plan and approve again.\n",
      );
    }
    for (const reason of plan.approvals) out(`::error title=Refused without approval::${reason}\n`);
    out(
      "::error::Refused: this plan calls people again, stops or abandons a campaign, or dials faster, and no reviewer approved it.\n",
    );
    return 1;
  }
  return 0;
}

if (require.main === module) {
  try {
    const input = fs.readFileSync(0, "utf8");
    process.exitCode = runPlan(process.argv.slice(2), input, (text) => process.stdout.write(text));
  } catch (error) {
    process.stderr.write(`ultravox-plan: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  }
}
