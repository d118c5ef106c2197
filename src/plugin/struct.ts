/** Props to and from the protobuf Struct the gRPC protocol carries them in. */
import type { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { structPb } from "./sdk-modules";

type Props = Record<string, unknown>;

export function propsOf(struct: Struct | undefined): Props {
  return (struct?.toJavaScript() ?? {}) as Props;
}

/**
 * Props as a Struct. Absent (`undefined`) values are left out, as JSON leaves them: the Struct
 * encoder throws on them, and a throw while answering would drop the engine's connection.
 */
export function structOf(props: Props): Struct {
  const plain = JSON.parse(JSON.stringify(props)) as Parameters<typeof structPb.Struct.fromJavaScript>[0];
  return structPb.Struct.fromJavaScript(plain);
}
