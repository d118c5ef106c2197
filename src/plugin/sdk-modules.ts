/**
 * gRPC and protobuf modules loaded from where @pulumi/pulumi (a peer dependency) finds them, so the
 * plugin uses the very copies the SDK's generated protocol classes were built against, and needs
 * no dependency of its own.
 */
import { createRequire } from "node:module";

const fromSdk = createRequire(require.resolve("@pulumi/pulumi/package.json"));

export const grpc: typeof import("@grpc/grpc-js") = fromSdk("@grpc/grpc-js");
export const emptyPb: typeof import("google-protobuf/google/protobuf/empty_pb") = fromSdk(
  "google-protobuf/google/protobuf/empty_pb",
);
export const anyPb: typeof import("google-protobuf/google/protobuf/any_pb") = fromSdk(
  "google-protobuf/google/protobuf/any_pb",
);
export const structPb: typeof import("google-protobuf/google/protobuf/struct_pb") = fromSdk(
  "google-protobuf/google/protobuf/struct_pb",
);
/** The protobuf runtime itself (its BinaryReader decodes requests into plain values: plain-requests.ts). */
export const jspb: typeof import("google-protobuf") = fromSdk("google-protobuf");
