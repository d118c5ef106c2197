/**
 * A batch whose calls come from a file (`callsFile`, a Pulumi asset): the batch's own lifecycle,
 * with the file standing in for `calls`. The engine hashes the file; check reads and validates it
 * only when that hash (or the mapping) changed, and keeps a summary (count, call modes, hash), so an
 * unchanged file costs no read and no parse at preview. The generic core sees a tiny stand-in call
 * list derived from that summary: the re-dial guard, safe create and calling rules then run as for
 * inline calls, and a changed file shows as a changed `calls`. create and a changed file's update
 * read the file and send its calls exactly as inline calls are sent (same POST / PATCH body).
 * State keeps the asset, the summary and keyed fingerprints (secret), never a call.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as nodePath from "node:path";
import {
  CALLS_FILE,
  CALLS_FILE_COLUMNS,
  CALLS_FILE_COUNT,
  CALLS_FILE_DIGEST,
  CALLS_FILE_FINGERPRINTS,
  CALLS_FILE_KEY,
  CALLS_FILE_KEYS,
  CALLS_FILE_MODES,
  CALLS_FILE_PATH,
  fileAssetOf,
} from "../batch/calls-file-keys";
import { CALL_COUNT_KEY, CALL_SECRETS_KEY, encodeCalls } from "../batch/calls-text";
import { ResourceInitError } from "../fields/init-error";
import type { CheckFailure } from "../fields/spec";
import { isUnknown } from "../fields/unknown";
import {
  decodeFingerprints,
  encodeFingerprints,
  fingerprintsOf,
  newFingerprintKey,
} from "../files/call-fingerprints";
import { type CallsFileColumns, callsFileColumnsSchema } from "../files/calls-file-columns";
import { describeFileChange, fileChange } from "../files/file-review";
import { type FileCall, readCallsFile } from "../files/read-calls-file";
import type { ResourceLifecycle } from "./lifecycle-type";

type Props = Record<string, unknown>;
type Mode = "outgoing" | "webhook";

/** What a file's calls need for the cross-field rules, and no one's data. */
interface FileSummary {
  digest: string;
  /** The path as the program wrote it (relative to the project directory). */
  path: string;
  count: number;
  modes: Mode[];
}

type Base = ResourceLifecycle;

/** A call hands its medium to the webhook unless the medium dials out. */
function modeOf(call: Props): Mode {
  const medium = call.medium;
  if (typeof medium !== "object" || medium === null) return "webhook";
  const values = Object.values(medium as Props);
  return values.length > 0 && values.every((v) => typeof v === "object" && v !== null && "outgoing" in v)
    ? "outgoing"
    : "webhook";
}

/**
 * The stand-in list the core validates and compares: one call per mode, tagged with the file's
 * hash so that a changed file is a changed `calls`. Never sent (create and update read the file).
 */
function standInText(summary: FileSummary, columns: unknown): string {
  // A changed mapping (a new caller id in `fixed`) changes the calls as much as a changed file.
  const mapping = crypto
    .createHash("sha256")
    .update(JSON.stringify(columns ?? null))
    .digest("hex");
  const tag = { callsFile: summary.digest, callsFileColumns: mapping.slice(0, 16) };
  const calls = summary.modes.map((mode) =>
    mode === "outgoing"
      ? {
          medium: { twilio: { outgoing: { to: "+14155550100", from: "+14155550101" } } },
          templateContext: tag,
        }
      : { medium: { webRtc: {} }, templateContext: tag },
  );
  return encodeCalls(calls).text;
}

/**
 * The last file read in this process. A preview of a changed file reads it in check and again in
 * diff's review (and `up` in update): the provider process serves one run, so one read is kept.
 */
let lastRead: { key: string; read: ReturnType<typeof readCallsFile> } | undefined;

function readOnce(path: string, columns: CallsFileColumns | undefined, digest: string) {
  const key = JSON.stringify([path, columns ?? null, digest]);
  if (lastRead?.key !== key) lastRead = { key, read: readCallsFile(path, columns) };
  return lastRead.read;
}

function withoutFileKeys(props: Props): Props {
  const out = { ...props };
  for (const key of CALLS_FILE_KEYS) delete out[key];
  return out;
}

function withoutCalls(props: Props): Props {
  const { calls: _calls, [CALL_SECRETS_KEY]: _secrets, [CALL_COUNT_KEY]: _count, ...rest } = props;
  return rest;
}

/** The summary stored in props, if these props are a file batch's. */
function storedSummary(props: Props): FileSummary | undefined {
  const digest = props[CALLS_FILE_DIGEST];
  const path = props[CALLS_FILE_PATH];
  const count = props[CALLS_FILE_COUNT];
  const modes = props[CALLS_FILE_MODES];
  if (typeof digest !== "string" || typeof path !== "string") return undefined;
  if (typeof count !== "number" || !Array.isArray(modes)) return undefined;
  return { digest, path, count, modes: modes as Mode[] };
}

/** The props with the calls replaced by the stand-in of their file, if they are a file batch's. */
function virtual(props: Props): Props {
  const summary = storedSummary(props);
  return summary === undefined
    ? props
    : { ...withoutFileKeys(props), calls: standInText(summary, props[CALLS_FILE_COLUMNS]) };
}

function columnsOf(props: Props): CallsFileColumns | undefined {
  const parsed = callsFileColumnsSchema.optional().safeParse(props[CALLS_FILE_COLUMNS]);
  return parsed.success ? parsed.data : undefined;
}

/** The digest of a file: the engine's hash, or (if the door passed none) the file's own SHA-256. */
function digestOf(path: string, hash: string | undefined): string {
  if (hash !== undefined) return hash;
  return crypto
    .createHash("sha256")
    .update(fs.readFileSync(nodePath.resolve(path)))
    .digest("hex");
}

function summaryOf(digest: string, path: string, calls: readonly FileCall[]): FileSummary {
  return { digest, path, count: calls.length, modes: [...new Set(calls.map((c) => modeOf(c.call)))].sort() };
}

function summaryProps(props: Props, summary: FileSummary): Props {
  return {
    [CALLS_FILE]: props[CALLS_FILE],
    ...(props[CALLS_FILE_COLUMNS] === undefined ? {} : { [CALLS_FILE_COLUMNS]: props[CALLS_FILE_COLUMNS] }),
    [CALLS_FILE_DIGEST]: summary.digest,
    [CALLS_FILE_PATH]: summary.path,
    [CALLS_FILE_COUNT]: summary.count,
    [CALLS_FILE_MODES]: summary.modes,
    // The plain count every batch shows beside its secret calls (what the plan tool reads).
    [CALL_COUNT_KEY]: summary.count,
  };
}

/** Reads the file of checked inputs, or fails naming `file:line` (create and update only). */
function callsOfFile(props: Props, summary: FileSummary): FileCall[] {
  const read = readOnce(summary.path, columnsOf(props), summary.digest);
  if (read.failures.length > 0) throw new Error(`callsFile: ${read.failures.join("\n")}`);
  return read.calls;
}

/** Outputs of a file batch: the core's, without calls, with the summary and the fingerprints. */
function fileOutputs(outs: Props, inputs: Props, summary: FileSummary, fingerprints: Props): Props {
  return { ...withoutCalls(outs), ...summaryProps(inputs, summary), ...fingerprints };
}

function fingerprintProps(calls: readonly FileCall[], key: string): Props {
  return {
    [CALLS_FILE_FINGERPRINTS]: encodeFingerprints(
      fingerprintsOf(
        calls.map((c) => c.call),
        key,
      ),
    ),
    [CALLS_FILE_KEY]: key,
  };
}

/** Same file and same mapping: the calls are the ones sent last time. */
function sameCalls(olds: Props, news: Props): boolean {
  const before = storedSummary(olds);
  const after = storedSummary(news);
  return (
    before !== undefined &&
    after !== undefined &&
    before.digest === after.digest &&
    JSON.stringify(olds[CALLS_FILE_COLUMNS] ?? null) === JSON.stringify(news[CALLS_FILE_COLUMNS] ?? null)
  );
}

export function withCallsFile<L extends Base>(base: L): L {
  async function check(olds: Props, news: Props) {
    const fileValue = news[CALLS_FILE];
    if (fileValue === undefined || fileValue === null) {
      const result = await base.check(olds, news);
      // Neither calls nor a file: say both ways out.
      const failures = (result.failures ?? []).map((f: CheckFailure) =>
        f.property === "calls" && news.calls === undefined
          ? { ...f, reason: `${f.reason}: set calls, or callsFile (a CSV or JSON Lines file asset)` }
          : f,
      );
      return { ...result, failures };
    }
    const fail = (property: string, reason: string) => ({ inputs: news, failures: [{ property, reason }] });
    if (news.calls !== undefined) return fail(CALLS_FILE, "set either calls or callsFile, not both");
    if (isUnknown(fileValue))
      return base.check(withoutFileKeys(olds), { ...withoutFileKeys(news), calls: fileValue });
    const asset = fileAssetOf(fileValue);
    if (asset === undefined) {
      return fail(CALLS_FILE, "must be a file asset (pulumi.asset.FileAsset, fn::fileAsset in YAML)");
    }
    const columns = callsFileColumnsSchema.optional().safeParse(news[CALLS_FILE_COLUMNS]);
    if (!columns.success) {
      const issue = columns.error.issues[0];
      return fail([CALLS_FILE_COLUMNS, ...(issue?.path ?? [])].join("."), issue?.message ?? "invalid");
    }
    let digest: string;
    try {
      digest = digestOf(asset.path, asset.hash);
    } catch {
      return fail(CALLS_FILE, `${nodePath.basename(asset.path)}: cannot be read`);
    }
    // Same file, same mapping: the summary checked last time holds (no read, no parse).
    const previous = storedSummary(olds);
    const sameMapping =
      JSON.stringify(olds[CALLS_FILE_COLUMNS] ?? null) === JSON.stringify(news[CALLS_FILE_COLUMNS] ?? null);
    let summary: FileSummary;
    if (previous !== undefined && previous.digest === digest && previous.path === asset.path && sameMapping) {
      summary = previous;
    } else {
      const read = readOnce(asset.path, columns.data, digest);
      if (read.failures.length > 0) {
        return { inputs: news, failures: read.failures.map((reason) => ({ property: CALLS_FILE, reason })) };
      }
      summary = summaryOf(digest, asset.path, read.calls);
    }
    const result = await base.check(withoutFileKeys(olds), {
      ...withoutFileKeys(news),
      calls: standInText(summary, news[CALLS_FILE_COLUMNS]),
    });
    const failures = (result.failures ?? []).map((f: CheckFailure) =>
      f.property.startsWith("calls") ? { property: CALLS_FILE, reason: f.reason } : f,
    );
    return { inputs: { ...withoutCalls(result.inputs ?? {}), ...summaryProps(news, summary) }, failures };
  }

  async function diff(id: string, olds: Props, news: Props, ignoreChanges?: string[]) {
    const core = await base.diff(id, virtual(olds), virtual(news), ignoreChanges);
    // The core's calls review (privacy/calls-review.ts) saw the stand-ins: the file's review replaces it.
    const reviewed =
      storedSummary(news) === undefined
        ? core
        : { ...core, warnings: core.warnings.filter((w) => !w.startsWith(`batch ${id}: calls:`)) };
    const before = storedSummary(olds);
    const after = storedSummary(news);
    if (!reviewed.changes || after === undefined || sameCalls(olds, news)) return reviewed;
    const key = olds[CALLS_FILE_KEY];
    const prints =
      typeof olds[CALLS_FILE_FINGERPRINTS] === "string"
        ? decodeFingerprints(olds[CALLS_FILE_FINGERPRINTS] as string)
        : undefined;
    // The engine elides the asset's path in Diff (hash only): the path check kept is read.
    const read = readOnce(after.path, columnsOf(news), after.digest);
    const label = typeof news.callLabel === "string" ? news.callLabel : undefined;
    const change = fileChange(
      read.calls,
      prints ?? [],
      typeof key === "string" ? key : newFingerprintKey(),
      before?.count ?? 0,
    );
    return {
      ...reviewed,
      warnings: [...reviewed.warnings, describeFileChange(nodePath.basename(after.path), change, label)],
    };
  }

  return {
    ...base,
    check,
    diff,

    async create(inputs: Props) {
      const summary = storedSummary(inputs);
      if (summary === undefined) return base.create(inputs);
      const calls = callsOfFile(inputs, summary);
      const prints = fingerprintProps(calls, newFingerprintKey());
      // The core takes a list as the program form (no text to encode and decode again: memory).
      const real = { ...withoutFileKeys(inputs), calls: calls.map((c) => c.call) };
      try {
        const result = await base.create(real);
        return { ...result, outs: fileOutputs(result.outs ?? {}, inputs, summary, prints) };
      } catch (error) {
        if (!(error instanceof ResourceInitError)) throw error;
        throw new ResourceInitError(
          error.message,
          error.id,
          fileOutputs(error.properties, inputs, summary, prints),
          error.reasons,
        );
      }
    },

    async update(id: string, olds: Props, news: Props) {
      const summary = storedSummary(news);
      if (summary === undefined) return base.update(id, virtual(olds), news);
      let real: Props;
      let prints: Props;
      if (sameCalls(olds, news)) {
        real = virtual(news); // same stand-in on both sides: no calls in the PATCH
        prints = {
          [CALLS_FILE_FINGERPRINTS]: olds[CALLS_FILE_FINGERPRINTS],
          [CALLS_FILE_KEY]: olds[CALLS_FILE_KEY],
        };
      } else {
        const calls = callsOfFile(news, summary);
        real = { ...withoutFileKeys(news), calls: calls.map((c) => c.call) };
        const key =
          typeof olds[CALLS_FILE_KEY] === "string" ? (olds[CALLS_FILE_KEY] as string) : newFingerprintKey();
        prints = fingerprintProps(calls, key);
      }
      try {
        const result = await base.update(id, virtual(olds), real);
        return { ...result, outs: fileOutputs(result.outs ?? {}, news, summary, prints) };
      } catch (error) {
        if (!(error instanceof ResourceInitError)) throw error;
        throw new ResourceInitError(
          error.message,
          error.id,
          fileOutputs(error.properties, news, summary, prints),
          error.reasons,
        );
      }
    },

    async read(id: string, props: Props = {}) {
      const summary = storedSummary(props);
      if (summary === undefined) return base.read(id, props);
      const result = await base.read(id, virtual(props));
      if (!result.id) return result;
      // Refresh keeps the file's summary: the service's calls are not brought into state.
      const kept = Object.fromEntries(
        CALLS_FILE_KEYS.filter((k) => props[k] !== undefined).map((k) => [k, props[k]]),
      );
      return {
        ...result,
        props: { ...withoutCalls(result.props ?? {}), ...kept, [CALL_COUNT_KEY]: summary.count },
        ...(result.inputs
          ? { inputs: { ...withoutCalls(result.inputs), ...summaryProps(props, summary) } }
          : {}),
      };
    },
  };
}
