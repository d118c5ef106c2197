import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runtimeOf } from "../../scripts/lib/plugin-sdk";
import { PulumiProject, REPO_ROOT } from "../../scripts/lib/pulumi-project";
import { preparePythonProject, usesPython } from "../../scripts/lib/python-project";
import { journaledEmulator } from "./journaled-emulator";
import { PATTERN_EXAMPLES } from "./pattern-examples";
import { userPathSteps } from "./user-path";

/**
 * Every example, the way its README says to run it: plain `pulumi` commands in the example's own
 * directory, through its language host, against the emulator over HTTP, along the user's path every
 * door takes (user-path.ts), with each example's own one-field change.
 */

const EXAMPLES_DIR = path.join(REPO_ROOT, "examples");
const API_KEY = "e2eexamples.abcdefghijklmnopqrstuvwxyz0123";

/** Per example: one config change and the one field its PATCH must carry. */
const ONE_FIELD_CHANGE: Record<string, { key: string; value: string; secret?: boolean; patched: string }> = {
  quickstart: { key: "paused", value: "true", patched: "paused" },
  "twilio-window": { key: "windowEnd", value: "2030-01-15T18:00:00-05:00", patched: "windowEnd" },
  "webhook-mode": { key: "webhookUrl", value: "https://callbacks.example.com/v2", patched: "webhookUrl" },
  "csv-campaign": { key: "callerId", value: "+14155550199", patched: "calls" },
  "every-input": {
    key: "webhookSecret",
    value: "whsec-every-input-e2e-4d1f",
    secret: true,
    patched: "webhookSecret",
  },
  "yaml-campaign": { key: "paused", value: "true", patched: "paused" },
  "yaml-csv-campaign": { key: "paused", value: "true", patched: "paused" },
  "python-campaign": { key: "paused", value: "true", patched: "paused" },
};

const projects = fs
  .readdirSync(EXAMPLES_DIR)
  .filter((name) => fs.existsSync(path.join(EXAMPLES_DIR, name, "Pulumi.yaml")))
  // Several batches each, moved along by the clock: campaign-patterns.e2e.test.ts runs them.
  .filter((name) => !(PATTERN_EXAMPLES as readonly string[]).includes(name))
  .sort();
/** Each project and its one-field change; the repository root's Pulumi.yaml runs examples/quickstart. */
const cases = [
  ...projects.map((name) => ({ label: `examples/${name}`, dir: path.join(EXAMPLES_DIR, name), name })),
  { label: "the repository root", dir: REPO_ROOT, name: "quickstart" },
];

// What each example sends through plain `pulumi`, and each answer, must match the API description.
// The emulator refuses a throttle that does not exist, as a careful service does: every example
// that names one manages it too.
const { emulator, admin } = journaledEmulator(API_KEY);

it("every example project has a one-field change in this suite", () => {
  expect(projects.length).toBeGreaterThan(0);
  expect(projects).toEqual(Object.keys(ONE_FIELD_CHANGE).sort());
});

/** Examples that also manage the call throttle their batch names (created first, deleted last). */
const MANAGES_THROTTLE = new Set(["twilio-window", "every-input", "yaml-campaign"]);
/** Examples that also manage the agent their batch takes (created first, deleted after the batch). */
const MANAGES_AGENT = new Set(["quickstart", "yaml-campaign"]);

describe.each(cases)("$label through `pulumi` in its own directory", ({ dir, name }) => {
  const project = new PulumiProject(dir);
  const change = ONE_FIELD_CHANGE[name]!;

  beforeAll(async () => {
    // A Python project first gets its SDK and virtualenv, as its README's first commands make them.
    if (usesPython(dir)) await preparePythonProject(project);
    await project.init([
      ["ultravox:apiKey", API_KEY, true],
      ["ultravox:baseUrl", emulator().url],
    ]);
  }, 10 * 60_000); // pip may download the pulumi package and its dependencies first

  afterAll(async () => {
    await project.teardown();
  });

  userPathSteps({
    project: () => project,
    admin,
    // YAML and Python projects run the provider plugin; TypeScript ones the dynamic resource.
    plugin: runtimeOf(dir) !== "nodejs",
    throttle: MANAGES_THROTTLE.has(name),
    agent: MANAGES_AGENT.has(name),
    change: {
      make: () => project.setConfig(change.key, change.value, change.secret),
      patched: change.patched,
    },
    secrets: [API_KEY, ...(change.secret ? [change.value] : [])],
  });
});
