/**
 * The plugin as the engine runs it: the executable `bin/pulumi-resource-ultravox` (this repo's
 * build) started as a process, its port read from stdout, and a gRPC client of the
 * ResourceProvider service connected to it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as providerGrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { REPO_ROOT } from "../../scripts/lib/pulumi-project";

export type Props = Record<string, unknown>;

export const SECRET_SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };

export interface RunningPlugin {
  client: providerGrpc.ResourceProviderClient;
  /** Everything the process wrote to stderr (where a leaked secret would show). */
  stderr(): string;
  stop(): Promise<void>;
}

export async function startPlugin(): Promise<RunningPlugin> {
  const child: ChildProcess = spawn(path.join(REPO_ROOT, "bin", "pulumi-resource-ultravox"), [], {
    env: {
      ...process.env,
      PATH: `${path.join(REPO_ROOT, "node_modules", ".bin")}${path.delimiter}${process.env.PATH}`,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let errors = "";
  child.stderr?.on("data", (chunk) => {
    errors += String(chunk);
  });
  const port = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk) => {
      out += String(chunk);
      const line = out.split("\n")[0];
      if (out.includes("\n") && line) resolve(line.trim());
    });
    child.on("exit", (code) => reject(new Error(`plugin exited with ${code}: ${errors}`)));
  });
  const client = new providerGrpc.ResourceProviderClient(
    `127.0.0.1:${port}`,
    grpc.credentials.createInsecure(),
  );
  return {
    client,
    stderr: () => errors,
    stop: async () => {
      client.close();
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill();
      await new Promise((resolve) => child.once("exit", resolve));
    },
  };
}

type Callback<Res> = (error: grpc.ServiceError | null, response: Res) => void;

/** One unary call as a promise. */
export function call<Req, Res>(
  method: (request: Req, callback: Callback<Res>) => unknown,
  client: providerGrpc.ResourceProviderClient,
  request: Req,
): Promise<Res> {
  return new Promise((resolve, reject) => {
    method.call(client, request, (error, response) => (error ? reject(error) : resolve(response)));
  });
}

export function struct(props: Props): Struct {
  return Struct.fromJavaScript(props as Parameters<typeof Struct.fromJavaScript>[0]);
}

export function props(value: Struct | undefined): Props {
  return (value?.toJavaScript() ?? {}) as Props;
}

/** Configure as the engine sends it: stack config in the variables map. */
export async function configure(plugin: RunningPlugin, config: Record<string, string>): Promise<void> {
  const request = new proto.ConfigureRequest();
  for (const [key, value] of Object.entries(config)) {
    request.getVariablesMap().set(key.replace(":", ":config:"), value);
  }
  await call(plugin.client.configure, plugin.client, request);
}

export const TYPE = "ultravox:index:ScheduledBatch";
export const URN = `urn:pulumi:test::project::${TYPE}::campaign`;
