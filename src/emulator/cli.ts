#!/usr/bin/env node
// `ultravox-emulator`: runs the emulator from the command line. The first two stdout lines are
// machine-readable (ULTRAVOX_BASE_URL=..., ULTRAVOX_API_KEY=...) so scripts can parse them.
import { parseArgs } from "node:util";
import { parseFaultSpec } from "./faults";
import { startEmulator } from "./server";
import type { EmulatorOptions, FaultSpec } from "./types";

const USAGE = `Usage: ultravox-emulator [options]

Local emulator of the Ultravox scheduled call batch API.

  --port <n>                  Port to listen on; 0 picks a free port (default 0)
  --host <addr>               Address to bind (default 127.0.0.1)
  --api-key <key>             Accepted API key (repeatable; default: one generated key)
  --state-file <path>         Persist state to this JSON file (default: memory only)
  --agent <uuid>              Only accept this agent id (repeatable; default: any agent)
  --clock realtime|manual     Virtual clock mode (default realtime)
  --min-window-seconds <n>    Smallest batch window after max(windowStart, now) (default 60)
  --dial-rate <n>             Calls placed per virtual second (default 1)
  --paused-resume reject|resume            PATCH {"paused": false} on a paused batch (default reject)
  --patch-calls reject-after-start|replace PATCH "calls" once calls were placed (default reject-after-start)
  --unknown-throttle reject|accept         A batch "throttle" naming no call throttle (default reject: 400)
  --rate-limit <rps>          Requests per second per API key on /api/ (default off)
  --fault <json>              Inject a fault, e.g. '{"kind":"status","status":503,"count":2}' (repeatable)
  --help                      Show this help
`;

function fail(message: string): never {
  process.stderr.write(`ultravox-emulator: ${message}\n\n${USAGE}`);
  process.exit(2);
}

function numberFlag(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(value) || value < 0)
    fail(`--${name} must be a non-negative number`);
  return value;
}

function choiceFlag<T extends string>(
  name: string,
  raw: string | undefined,
  choices: readonly T[],
): T | undefined {
  if (raw === undefined) return undefined;
  if (!(choices as readonly string[]).includes(raw)) fail(`--${name} must be one of: ${choices.join(", ")}`);
  return raw as T;
}

function parseOptions(argv: string[]): EmulatorOptions {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    process.exit(0);
  }
  const faults: FaultSpec[] = (values.fault ?? []).map((raw) => {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      fail(`--fault is not valid JSON: ${raw}`);
    }
    const spec = parseFaultSpec(json);
    if (typeof spec === "string") fail(`--fault ${raw}: ${spec}`);
    return spec;
  });
  const options: EmulatorOptions = {
    port: numberFlag("port", values.port) ?? 0,
    clock: choiceFlag("clock", values.clock, ["realtime", "manual"] as const) ?? "realtime",
    faults,
  };
  if (values.host !== undefined) options.host = values.host;
  if (values["api-key"] !== undefined) options.apiKeys = values["api-key"];
  if (values["state-file"] !== undefined) options.stateFile = values["state-file"];
  if (values.agent !== undefined) options.agents = values.agent;
  const minWindowSeconds = numberFlag("min-window-seconds", values["min-window-seconds"]);
  if (minWindowSeconds !== undefined) options.minWindowSeconds = minWindowSeconds;
  const dialRate = numberFlag("dial-rate", values["dial-rate"]);
  if (dialRate !== undefined) options.dialRatePerSecond = dialRate;
  const pausedResume = choiceFlag("paused-resume", values["paused-resume"], ["reject", "resume"] as const);
  if (pausedResume !== undefined) options.pausedResume = pausedResume;
  const patchCalls = choiceFlag("patch-calls", values["patch-calls"], [
    "reject-after-start",
    "replace",
  ] as const);
  if (patchCalls !== undefined) options.patchCalls = patchCalls;
  const unknownThrottle = choiceFlag("unknown-throttle", values["unknown-throttle"], [
    "reject",
    "accept",
  ] as const);
  if (unknownThrottle !== undefined) options.unknownThrottle = unknownThrottle;
  const rateLimit = numberFlag("rate-limit", values["rate-limit"]);
  if (rateLimit !== undefined) options.rateLimitPerSecond = rateLimit > 0 ? rateLimit : null;
  return options;
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "api-key": { type: "string", multiple: true },
      "state-file": { type: "string" },
      agent: { type: "string", multiple: true },
      clock: { type: "string" },
      "min-window-seconds": { type: "string" },
      "dial-rate": { type: "string" },
      "paused-resume": { type: "string" },
      "patch-calls": { type: "string" },
      "unknown-throttle": { type: "string" },
      "rate-limit": { type: "string" },
      fault: { type: "string", multiple: true },
      help: { type: "boolean" },
    },
  });
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const emulator = await startEmulator(options);
  process.stdout.write(`ULTRAVOX_BASE_URL=${emulator.url}\nULTRAVOX_API_KEY=${emulator.apiKey}\n`);
  process.stdout.write(
    `Ultravox emulator listening (clock ${options.clock}${options.stateFile ? `, state ${options.stateFile}` : ""}). Ctrl-C to stop.\n`,
  );
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    // close() flushes the state file before the process exits.
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`ultravox-emulator: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`ultravox-emulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
