// Wires the pieces into an HTTP server: admin vs API paths, faults, journal, persistence.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { handleAdmin } from "./admin-routes";
import { AgentStore } from "./agent-store";
import { handleApi } from "./api-routes";
import { VirtualClock } from "./clock";
import { type EmulatorContext, generateApiKey } from "./context";
import { statusFaultResponse } from "./fault-responses";
import { FaultQueue } from "./faults";
import { type ApiResponse, json, notFound, parseJson, readBody, writeResponse } from "./http-io";
import { Journal } from "./journal";
import { loadState, saveState } from "./persistence";
import { RateLimiter } from "./rate-limit";
import { BatchStore } from "./store";
import { ThrottleStore } from "./throttle-store";
import type { BehaviourOptions, EmulatorOptions, RunningEmulator } from "./types";

const DEFAULT_BEHAVIOUR: BehaviourOptions = {
  minWindowSeconds: 60,
  dialRatePerSecond: 1,
  pausedResume: "reject",
  patchCalls: "reject-after-start",
  unknownThrottle: "reject",
  agents: null,
};

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const restored = options.stateFile ? loadState(options.stateFile) : null;
  // Explicit options win over persisted ones, which win over the defaults.
  const behaviour: BehaviourOptions = { ...DEFAULT_BEHAVIOUR, ...restored?.options };
  if (options.minWindowSeconds !== undefined) behaviour.minWindowSeconds = options.minWindowSeconds;
  if (options.dialRatePerSecond !== undefined) behaviour.dialRatePerSecond = options.dialRatePerSecond;
  if (options.pausedResume !== undefined) behaviour.pausedResume = options.pausedResume;
  if (options.patchCalls !== undefined) behaviour.patchCalls = options.patchCalls;
  if (options.unknownThrottle !== undefined) behaviour.unknownThrottle = options.unknownThrottle;
  if (options.agents !== undefined) behaviour.agents = [...options.agents];

  const apiKeys = options.apiKeys && options.apiKeys.length > 0 ? [...options.apiKeys] : [generateApiKey()];
  const clock = new VirtualClock(options.clock ?? restored?.clock.mode ?? "manual", restored?.clock);
  const faults = new FaultQueue();
  for (const spec of options.faults ?? []) faults.add(spec);
  const stateFile = options.stateFile;

  const ctx: EmulatorContext = {
    store: new BatchStore(restored?.batches ?? []),
    throttles: new ThrottleStore(restored?.throttles ?? []),
    agents: new AgentStore(restored?.agents),
    clock,
    options: behaviour,
    agentCallTemplates: options.agentCallTemplates ?? {},
    apiKeys,
    faults,
    rateLimiter: new RateLimiter(options.rateLimitPerSecond ?? null),
    journal: new Journal(),
    journalExchanges: options.journalExchanges ?? false,
    persist() {
      if (!stateFile || !(this.store.dirty || this.throttles.dirty || this.agents.dirty)) return;
      saveState(stateFile, {
        version: 1,
        clock: this.clock.snapshot(),
        options: this.options,
        batches: this.store.all(),
        throttles: this.throttles.all(),
        agents: this.agents.snapshot(),
      });
      this.store.dirty = false;
      this.throttles.dirty = false;
      this.agents.dirty = false;
    },
  };

  const server = createServer((req, res) => {
    handleRequest(ctx, req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) {
        writeResponse(res, json(500, { detail: `Emulator error: ${String(error)}` }));
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}`,
    apiKey: apiKeys[0] as string,
    async close() {
      ctx.store.dirty = true;
      ctx.persist();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

async function handleRequest(ctx: EmulatorContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`);
  const method = (req.method ?? "GET").toUpperCase();
  const body = await readBody(req);

  if (url.pathname.startsWith("/_emulator/")) {
    writeResponse(res, handleAdmin(ctx, method, url, req.headers, body.text), ctx.clock.nowMs());
    ctx.persist();
    return;
  }
  if (!url.pathname.startsWith("/api/")) {
    writeResponse(res, notFound(), ctx.clock.nowMs());
    return;
  }

  const parsed = body.tooLarge ? null : parseJson(body.text);
  const entry = ctx.journal.open(
    method,
    url.pathname,
    Object.fromEntries(url.searchParams),
    parsed?.ok ? parsed.value : null,
  );
  if (ctx.journalExchanges) {
    const contentType = req.headers["content-type"];
    entry.exchange = { requestContentType: contentType ?? null, requestBodyBytes: body.bytes };
  }
  const fault = ctx.faults.take(method, url.pathname);

  if (fault?.kind === "drop-before") {
    entry.dropped = true;
    entry.fault = "drop-before";
    ctx.journal.record(entry);
    req.socket.destroy();
    return;
  }
  if (fault?.kind === "latency") {
    entry.fault = "latency";
    await sleep(fault.ms);
  }

  let response: ApiResponse;
  if (fault?.kind === "status" && fault.processed !== true) {
    response = statusFaultResponse(fault);
    entry.fault = String(fault.status);
  } else {
    const outcome = handleApi(ctx, {
      method,
      url,
      headers: req.headers,
      bodyText: body.text,
      tooLarge: body.tooLarge,
    });
    response = outcome.response;
    if (outcome.fault !== null) entry.fault = outcome.fault;
    ctx.persist();
    if (fault?.kind === "status") {
      // The service acted; the answer is replaced on its way back (a proxy's 5xx after the fact).
      response = statusFaultResponse(fault);
      entry.fault = `${fault.status}-processed`;
    } else if (fault?.kind === "only-id") {
      response = { ...response, body: onlyId(response.body) };
      entry.fault = "only-id";
    }
  }
  entry.status = response.status;
  if (entry.exchange && response.body !== undefined) entry.exchange.answerBody = response.body;

  if (fault?.kind === "drop-after") {
    // The request has been fully processed; only the answer is lost.
    entry.dropped = true;
    entry.fault = "drop-after";
    ctx.journal.record(entry);
    req.socket.destroy();
    return;
  }
  ctx.journal.record(entry);
  writeResponse(res, response, ctx.clock.nowMs());
}

/** An answer body cut down to its id, `batchId` or `throttleId` (a service answering a create tersely). */
function onlyId(body: unknown): unknown {
  if (typeof body !== "object" || body === null) return body;
  const key = ["batchId", "throttleId"].find((name) => name in body);
  return key === undefined ? body : { [key]: (body as Record<string, unknown>)[key] };
}
