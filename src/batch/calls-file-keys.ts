/**
 * The engine properties of a batch whose calls come from a file. Inputs: `callsFile` (a Pulumi
 * asset) and `callsFileColumns`; check adds a summary that lets an unchanged file skip reading it
 * (`callsFileDigest`, the asset's hash; `callsFileCount`; `callsFileModes`, whether calls are
 * outgoing or webhook ones, which the batch's cross-field rules need). Outputs add the secret
 * per-call fingerprints and their key (call-fingerprints.ts). No call, number or name is kept.
 */
export const CALLS_FILE = "callsFile";
export const CALLS_FILE_COLUMNS = "callsFileColumns";
export const CALLS_FILE_DIGEST = "callsFileDigest";
/** The asset's path as the program wrote it: the engine elides it from the asset in Diff. */
export const CALLS_FILE_PATH = "callsFilePath";
export const CALLS_FILE_COUNT = "callsFileCount";
export const CALLS_FILE_MODES = "callsFileModes";
export const CALLS_FILE_FINGERPRINTS = "callsFileFingerprints";
export const CALLS_FILE_KEY = "callsFileKey";

/** Kept secret in state (both doors mark them). */
export const CALLS_FILE_SECRET_KEYS = [CALLS_FILE_FINGERPRINTS, CALLS_FILE_KEY] as const;

export const CALLS_FILE_KEYS = [
  CALLS_FILE,
  CALLS_FILE_COLUMNS,
  CALLS_FILE_DIGEST,
  CALLS_FILE_PATH,
  CALLS_FILE_COUNT,
  CALLS_FILE_MODES,
  ...CALLS_FILE_SECRET_KEYS,
] as const;

// The wire's asset marker (@pulumi/pulumi runtime/rpc: specialSigKey, specialAssetSig).
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const ASSET_SIG = "c44067f5952c0a294b673a41bacd8c17";

/** A file asset as a provider receives it: its path as the program wrote it, and the engine's hash. */
export interface FileAssetValue {
  path: string;
  hash?: string;
}

/** The file asset in a property value (wire form, or the SDK's FileAsset in-process), if it is one. */
export function fileAssetOf(value: unknown): FileAssetValue | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const props = value as Record<string, unknown>;
  const isAsset = props[SIG_KEY] === ASSET_SIG || "path" in props;
  if (!isAsset || typeof props.path !== "string") return undefined;
  return {
    path: props.path,
    hash: typeof props.hash === "string" && props.hash !== "" ? props.hash : undefined,
  };
}
