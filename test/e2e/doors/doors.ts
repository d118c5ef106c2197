import * as fs from "node:fs";
import * as path from "node:path";
import { generateSdk } from "../../../scripts/lib/plugin-sdk";
import { PulumiProject } from "../../../scripts/lib/pulumi-project";
import { preparePythonProject } from "../../../scripts/lib/python-project";
import { CAMPAIGN_PROJECT } from "../campaign";
import { emptyYamlProject, setYamlProgram } from "../yaml-project";

/**
 * The doors a program reaches the lifecycle core through, as data: what each is called, how its
 * project is made and how its program is given a batch's inputs. The same scenarios run through
 * every one of them (same-wire.e2e.test.ts).
 */

/**
 * A batch's inputs as the program declares them (JSON). Secrets come from the stack's secret config:
 * `webhookSecret`, and `sipPassword` wherever a SIP call's password is the placeholder "$sipPassword".
 */
export type BatchInputs = Record<string, unknown>;
/** An Agent's inputs (JSON): when given, the program declares it and the batch takes its `agentId`. */
export type AgentInputs = Record<string, unknown>;

export interface Door {
  name: string;
  /** Through the provider plugin (state without `__provider`), or the dynamic resource. */
  plugin: boolean;
  /** The project directory, made ready to run (SDK, virtualenv) on first use. */
  project(): Promise<PulumiProject>;
  /** Gives the program these inputs, the way a user of this door changes them. */
  setBatch(project: PulumiProject, batch: BatchInputs, agent?: AgentInputs): Promise<void>;
  /** Removes what `project()` made for this run only (after the stack is gone). */
  dispose?(project: PulumiProject): void;
}

const DOORS_DIR = __dirname;

/** Pulumi YAML's reference to a value, `${name}`. */
const yamlRef = (name: string) => `\${${name}}`;

/** The program reads the whole batch from the `batch` config value (JSON). */
const fromConfig = async (project: PulumiProject, batch: BatchInputs, agent?: AgentInputs) => {
  await project.setConfig("batch", JSON.stringify(batch));
  await project.setConfig("agent", JSON.stringify(agent ?? null));
};

export const DOORS: Door[] = [
  {
    name: "the dynamic resource (TypeScript)",
    plugin: false,
    project: async () => new PulumiProject(CAMPAIGN_PROJECT),
    setBatch: fromConfig,
  },
  {
    name: "the plugin through the generated TypeScript SDK",
    plugin: true,
    project: async () => {
      const project = new PulumiProject(path.join(DOORS_DIR, "typescript-sdk-project"));
      await generateSdk(project, "nodejs");
      return project;
    },
    setBatch: fromConfig,
  },
  {
    name: "the plugin through Pulumi YAML",
    plugin: true,
    project: async () => new PulumiProject(emptyYamlProject("doors-yaml")),
    dispose: (project) => fs.rmSync(project.dir, { recursive: true, force: true }),
    // A YAML program is its data: the batch is written into Pulumi.yaml, its secrets read from config.
    setBatch: async (project, batch, agent) =>
      setYamlProgram(project.dir, {
        config: { webhookSecret: { type: "string" }, sipPassword: { type: "string" } },
        resources: {
          ...(agent === undefined ? {} : { agent: { type: "ultravox:index:Agent", properties: agent } }),
          campaign: {
            type: "ultravox:index:ScheduledBatch",
            properties: {
              ...JSON.parse(
                JSON.stringify(batch).replaceAll('"$sipPassword"', `"${yamlRef("sipPassword")}"`),
              ),
              webhookSecret: yamlRef("webhookSecret"),
              ...(agent === undefined ? {} : { agentId: yamlRef("agent.agentId") }),
            },
            options: { deleteBeforeReplace: true },
          },
        },
      }),
  },
  {
    name: "the plugin through the generated Python SDK",
    plugin: true,
    project: async () => {
      const project = new PulumiProject(path.join(DOORS_DIR, "python-project"));
      await preparePythonProject(project);
      return project;
    },
    setBatch: fromConfig,
  },
];
