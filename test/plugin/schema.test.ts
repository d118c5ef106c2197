import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { pulumiBin, REPO_ROOT } from "../../scripts/lib/pulumi-project";
import { batch as definition } from "../../src/batch/definition";
import type { InputFieldSpec } from "../../src/fields/spec";
import { packageSchema } from "../../src/plugin/schema";

/**
 * The plugin's package schema comes from the field table: each field's secret and replace flags,
 * its requiredness, the call list's nested types. Pulumi's own schema binder accepts it (through
 * `pulumi package get-schema` and `gen-sdk` on the plugin executable), and a generated SDK carries
 * the table's secrets and replacements.
 */

const schema = packageSchema("0.1.0");
const batch = schema.resources["ultravox:index:ScheduledBatch"]!;

describe("the package schema, from the field table", () => {
  it("marks exactly the table's secret and personal fields secret and its replacing fields replaceOnChanges", () => {
    for (const field of definition.inputNames) {
      const spec: InputFieldSpec = definition.inputs[field];
      const secret = spec.secret === true || spec.personal === true;
      expect(batch.inputProperties[field]?.secret === true, field).toBe(secret);
      expect(batch.inputProperties[field]?.replaceOnChanges === true, field).toBe(spec.replaces === true);
    }
    expect(batch.properties.callSecrets?.secret).toBe(true);
    // Calls are personal data: secret in state as the stored text too; their count is not.
    expect(batch.properties.calls?.secret).toBe(true);
    expect(batch.properties.callCount).toMatchObject({ type: "integer" });
    expect(batch.properties.callCount?.secret).toBeUndefined();
  });

  it("takes calls as a typed list of Call and stores them as the canonical text", () => {
    expect(batch.inputProperties.calls).toMatchObject({
      type: "array",
      items: { $ref: "#/types/ultravox:index:Call" },
    });
    expect(batch.properties.calls?.type).toBe("string");
    const call = schema.types["ultravox:index:Call"]!;
    expect(Object.keys(call.properties).sort()).toEqual(
      ["experimentalSettings", "medium", "metadata", "templateContext"].sort(),
    );
    expect(schema.types["ultravox:index:CallMediumSipOutgoing"]?.properties.password?.secret).toBe(true);
  });

  it("requires agentId (calls or callsFile: check says which), and describes every input and output", () => {
    expect(batch.requiredInputs).toEqual(["agentId"]);
    // Calls from a file: a Pulumi asset (`fn::fileAsset`, `pulumi.FileAsset`) and its mapping.
    expect(batch.inputProperties.callsFile?.$ref).toBe("pulumi.json#/Asset");
    expect(batch.inputProperties.callsFileColumns?.$ref).toBe("#/types/ultravox:index:CallsFileColumns");
    expect(batch.properties.callsFileFingerprints?.secret).toBe(true);
    for (const name of [...definition.inputNames, ...definition.outputNames]) {
      expect(batch.properties[name]?.description, name).toMatch(/\w/);
    }
  });
});

describe("the schema through the Pulumi CLI", () => {
  const plugin = path.join(REPO_ROOT, "bin", "pulumi-resource-ultravox");
  const run = (args: string[], cwd: string) =>
    execFileSync(path.join(pulumiBin(), "pulumi"), args, {
      cwd,
      encoding: "utf8",
      env: {
        ...process.env,
        PATH: [pulumiBin(), path.join(REPO_ROOT, "node_modules", ".bin"), process.env.PATH].join(
          path.delimiter,
        ),
        PULUMI_HOME: path.join(REPO_ROOT, ".tmp", "pulumi-home"),
        PULUMI_SKIP_UPDATE_CHECK: "true",
      },
    });

  it("the plugin answers GetSchema with the generated schema", () => {
    const answered = JSON.parse(run(["package", "get-schema", plugin], REPO_ROOT));
    const version = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).version;
    const generated = JSON.parse(JSON.stringify(packageSchema(version)));
    // The CLI prints the schema as it bound it (empty property lists dropped): compare what matters.
    expect(answered.version).toBe(version);
    expect(answered.resources).toEqual(generated.resources);
    expect(Object.keys(answered.types).sort()).toEqual(Object.keys(generated.types).sort());
  });

  it("a generated Node.js SDK keeps the table's secrets and replacements", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "ultravox-sdk-"));
    try {
      run(["package", "gen-sdk", plugin, "--language", "nodejs", "--out", out], REPO_ROOT);
      const resource = fs.readFileSync(path.join(out, "nodejs", "scheduledBatch.ts"), "utf8");
      expect(resource).toContain(
        'additionalSecretOutputs: ["callSecrets", "calls", "callsFileFingerprints", "callsFileKey", "webhookSecret"]',
      );
      expect(resource).toContain('replaceOnChanges: ["agentId"]');
      // The SDK says the plugin's own version, so a program can import it as generated.
      const manifest = JSON.parse(fs.readFileSync(path.join(out, "nodejs", "package.json"), "utf8"));
      const version = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")).version;
      expect(manifest.version).toBe(version);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
