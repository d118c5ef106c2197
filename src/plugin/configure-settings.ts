/**
 * The provider's settings from Configure. The engine sends them twice: in `args`, keyed by the
 * schema's names (`apiKey`, `requestTimeoutMs`; secrets wrapped, numbers as numbers), and in the
 * deprecated `variables` map (`ultravox:config:apiKey`, every value a string). `args` wins; the
 * map is the fallback for engines that send only it. An explicit provider's settings arrive the
 * same way as stack config's.
 */
import type * as proto from "@pulumi/pulumi/proto/provider_pb";
import type { ConfigSource } from "../resource/config";
import { reveal } from "./secret-wire";
import { propsOf } from "./struct";

/** `ultravox:apiKey` -> `apiKey`: the schema's name of a config key config.ts asks for. */
const settingName = (key: string) => key.replace(/^[^:]+:/, "");

function asText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return undefined;
}

export function configSourceOf(req: proto.ConfigureRequest): ConfigSource {
  const args = reveal(propsOf(req.getArgs())) as Record<string, unknown>;
  const variables = new Map(req.getVariablesMap().toArray() as [string, string][]);
  return {
    get: (key) =>
      asText(Object.hasOwn(args, settingName(key)) ? args[settingName(key)] : undefined) ??
      variables.get(key.replace(/^([^:]+):/, "$1:config:")),
  };
}
