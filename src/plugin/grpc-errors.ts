/**
 * A thrown error as the gRPC error the engine understands. A ResourceInitError (the resource exists
 * although the operation failed) travels as ErrorResourceInitFailed, so the engine records the
 * resource in state instead of orphaning it.
 */

import type * as grpcTypes from "@grpc/grpc-js";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import * as status from "@pulumi/pulumi/proto/status_pb";
import { withoutCreateIdentity } from "../fields/create-identity";
import { ResourceInitError } from "../fields/init-error";
import { RESOURCES } from "./resources";
import { anyPb, grpc } from "./sdk-modules";
import { markSecrets } from "./secret-wire";
import { structOf } from "./struct";

export interface EngineError {
  code: grpcTypes.status;
  details: string;
  metadata: grpcTypes.Metadata;
}

/** Every resource's secret keys: an init error's properties are marked with all of them. */
const ALL_SECRET_KEYS = RESOURCES.flatMap(({ definition }) => definition.secretKeys);

export function errorForEngine(error: unknown): EngineError {
  const message = error instanceof Error ? error.message : String(error);
  const metadata = new grpc.Metadata();
  if (error instanceof ResourceInitError) {
    const detail = new proto.ErrorResourceInitFailed()
      .setId(error.id)
      .setProperties(
        structOf(
          markSecrets(
            ALL_SECRET_KEYS,
            // The URN Create added is the engine's own: not part of the recorded state.
            withoutCreateIdentity(error.properties),
          ),
        ),
      )
      .setReasonsList(error.reasons);
    const details = new anyPb.Any();
    details.pack(detail.serializeBinary(), "pulumirpc.ErrorResourceInitFailed");
    const grpcStatus = new status.Status().setCode(grpc.status.UNKNOWN).setMessage(message);
    grpcStatus.addDetails(details);
    metadata.add("grpc-status-details-bin", Buffer.from(grpcStatus.serializeBinary()));
  }
  return { code: grpc.status.UNKNOWN, details: message, metadata };
}
