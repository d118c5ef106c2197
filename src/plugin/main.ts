/**
 * `pulumi-resource-ultravox`: the provider plugin's process. The engine starts it, reads the port
 * it prints, and talks gRPC to it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as providerGrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import { withPlainMessages } from "./plain-requests";
import { scrubStderr } from "./program-secrets";
import { providerService } from "./provider-service";
import { grpc } from "./sdk-modules";

function packageVersion(): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8"));
  return String(manifest.version);
}

export async function main(): Promise<void> {
  // The engine shows the plugin's stderr: no value the program marked secret may appear there.
  scrubStderr();
  // Large call lists travel in one message; the engine itself allows messages up to 400 MiB.
  const limit = 400 * 1024 * 1024;
  const server = new grpc.Server({
    "grpc.max_receive_message_length": limit,
    "grpc.max_send_message_length": limit,
  });
  server.addService(
    withPlainMessages(providerGrpc.ResourceProviderService),
    providerService(packageVersion()),
  );
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    );
  });
  // The engine reads the port from the first line of stdout.
  process.stdout.write(`${port}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
