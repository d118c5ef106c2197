/**
 * Warnings shown by the CLI against a resource: the engine's log service, whose address the engine
 * passes as the plugin's first argument. Without it (a test starting the plugin alone), or when the
 * log call fails, the warning goes to stderr, which the engine shows too.
 */
import * as engineGrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engineProto from "@pulumi/pulumi/proto/engine_pb";
import { grpc } from "./sdk-modules";

let engine: engineGrpc.EngineClient | undefined;

function engineClient(): engineGrpc.EngineClient | undefined {
  const address = process.argv[2];
  if (engine === undefined && address !== undefined && /^[\w.-]+:\d+$/.test(address)) {
    engine = new engineGrpc.EngineClient(address, grpc.credentials.createInsecure());
  }
  return engine;
}

/** Shows `message` as a warning on the resource `urn`. */
export async function warnOn(urn: string, message: string): Promise<void> {
  const client = engineClient();
  const toStderr = () => process.stderr.write(`warning: ${message}\n`);
  if (client === undefined) return void toStderr();
  const request = new engineProto.LogRequest()
    .setSeverity(engineProto.LogSeverity.WARNING)
    .setMessage(message)
    .setUrn(urn);
  await new Promise<void>((resolve) => {
    client.log(request, (error) => {
      if (error) toStderr();
      resolve();
    });
  });
}
