/**
 * A loopback HTTP proxy in front of the emulator that answers the way the real service legitimately
 * may (latitude.ts): the emulator stays the faithful model of what the service holds, and this proxy
 * changes only how that is represented, plus the faults of the path in between. Every request the
 * provider sends is logged here, so a test sees exactly what went on the wire.
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { describeFault, type Fault, type FaultSchedule, type Latitude, PLAIN_LATITUDE } from "./latitude";
import { rewriteAgent, rewriteBatch, rewriteCall, shuffled } from "./representation";

export interface ProxiedRequest {
  method: string;
  /** Path and query. */
  path: string;
  /** The parsed JSON body, or null. */
  body: unknown;
  fault: string | null;
}

interface Answer {
  status: number;
  /** The reason phrase, when not the standard one. */
  reason?: string;
  headers: Record<string, string>;
  text: string;
}

/** Window ends the service fills in when a create leaves them out. */
export interface FilledWindow {
  windowStart: string;
  windowEnd: string;
}

const BATCHES = /^\/api\/agents\/[^/]+\/scheduled_batches$/;
const BATCH = /^\/api\/agents\/[^/]+\/scheduled_batches\/[^/]+$/;
const THROTTLES = /^\/api\/call_throttles$/;
const AGENTS = /^\/api\/agents$/;
const AGENT = /^\/api\/agents\/[^/]+$/;
const SCHEDULED_CALLS = /^\/api\/agents\/[^/]+\/scheduled_batches\/[^/]+\/scheduled_calls$/;

export class LatitudeProxy {
  latitude: Latitude = PLAIN_LATITUDE;
  /** Every API request received since the last `reset`. */
  readonly log: ProxiedRequest[] = [];
  private schedule: FaultSchedule = [];
  private seen = 0;

  private constructor(
    private readonly target: URL,
    private readonly filled: FilledWindow,
    private readonly server: ReturnType<typeof createServer>,
    readonly url: string,
  ) {}

  static async start(targetUrl: string, filled: FilledWindow): Promise<LatitudeProxy> {
    let proxy: LatitudeProxy | undefined;
    const server = createServer((req, res) => {
      proxy?.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(599, { "Content-Type": "text/plain" });
        res.end(`latitude proxy error: ${String(error)}`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    proxy = new LatitudeProxy(new URL(targetUrl), filled, server, `http://127.0.0.1:${port}`);
    return proxy;
  }

  /** New latitude and fault schedule; forgets the log and the requests counted so far. */
  reset(latitude: Latitude = PLAIN_LATITUDE, schedule: FaultSchedule = []): void {
    this.latitude = latitude;
    this.schedule = schedule;
    this.seen = 0;
    this.log.length = 0;
  }

  /** Stop injecting faults (the latitude stays). */
  calm(): void {
    this.schedule = [];
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await readAll(req);
    const method = req.method ?? "GET";
    const url = new URL(req.url ?? "/", this.target);
    if (!url.pathname.startsWith("/api/")) {
      send(res, await this.forward(method, url, req, text));
      return;
    }
    const fault = this.schedule[this.seen++] ?? null;
    this.log.push({
      method,
      path: `${url.pathname}${url.search}`,
      body: parseJson(text),
      fault: fault && describeFault(fault),
    });
    if (fault?.when === "before") {
      this.fail(fault, req, res, text);
      return;
    }
    const forwarded = method === "POST" && BATCHES.test(url.pathname) ? this.filledIn(text) : text;
    this.capPageSize(method, url);
    const answer = this.represent(method, url, await this.forward(method, url, req, forwarded));
    if (fault === null) send(res, answer);
    else if (fault.kind === "unreadable") send(res, unreadable(fault, answer));
    else this.fail(fault, req, res, text);
  }

  /** A listing served in pages no larger than the latitude's cap (the `next` links carry it on). */
  private capPageSize(method: string, url: URL): void {
    const cap = this.latitude.pageSizeCap;
    const listing = [BATCHES, SCHEDULED_CALLS, THROTTLES].some((path) => path.test(url.pathname));
    if (method !== "GET" || cap <= 0 || !listing) return;
    const asked = Number(url.searchParams.get("pageSize") ?? Number.POSITIVE_INFINITY);
    url.searchParams.set("pageSize", String(Math.min(asked, cap)));
  }

  /** What the service stores when a create leaves a window end out (when the latitude says so). */
  private filledIn(text: string): string {
    const body = parseJson(text);
    if (!this.latitude.fillWindow || body === null || typeof body !== "object") return text;
    const filled = { ...(body as Record<string, unknown>) };
    filled.windowStart ??= this.filled.windowStart;
    filled.windowEnd ??= this.filled.windowEnd;
    return JSON.stringify(filled);
  }

  private represent(method: string, url: URL, answer: Answer): Answer {
    const json = parseJson(answer.text);
    if (answer.status >= 300 || json === null || typeof json !== "object") return answer;
    const lat = this.latitude;
    let out: unknown = json;
    const page = json as { results?: unknown[] };
    if (method === "GET" && BATCHES.test(url.pathname) && Array.isArray(page.results)) {
      const results = shuffled(page.results, lat.batchOrderSeed).map((b) => rewriteBatch(b, lat));
      out = { ...page, results };
    } else if (method === "GET" && SCHEDULED_CALLS.test(url.pathname) && Array.isArray(page.results)) {
      const results = shuffled(page.results, lat.callOrderSeed).map((c) => rewriteCall(c, lat));
      out = { ...page, results };
    } else if (BATCHES.test(url.pathname) || BATCH.test(url.pathname)) {
      out = rewriteBatch(json, lat);
    } else if (method === "GET" && AGENTS.test(url.pathname) && Array.isArray(page.results)) {
      out = { ...page, results: page.results.map((a) => rewriteAgent(a, lat)) };
    } else if (AGENTS.test(url.pathname) || AGENT.test(url.pathname)) {
      out = rewriteAgent(json, lat);
    }
    return { ...answer, text: JSON.stringify(out) };
  }

  private fail(fault: Fault, req: IncomingMessage, res: ServerResponse, requestText: string): void {
    if (fault.kind === "drop") req.socket.destroy();
    else if (fault.kind === "timeout")
      return; // never answered; closed when the client gives up
    else if (fault.kind === "status") send(res, statusAnswer(fault, requestText));
  }

  private forward(method: string, url: URL, req: IncomingMessage, text: string): Promise<Answer> {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === "string" && !["host", "content-length", "connection"].includes(name)) {
        headers[name] = value;
      }
    }
    if (text !== "") headers["content-length"] = String(Buffer.byteLength(text));
    return new Promise((resolve, reject) => {
      const out = httpRequest(
        {
          host: this.target.hostname,
          port: this.target.port,
          path: `${url.pathname}${url.search}`,
          method,
          headers,
        },
        (answer) => {
          readAll(answer).then((body) => {
            const kept: Record<string, string> = {};
            for (const name of ["content-type", "date", "retry-after", "allow"]) {
              const value = answer.headers[name];
              if (typeof value === "string") kept[name] = value;
            }
            resolve({ status: answer.statusCode ?? 502, headers: kept, text: body });
          }, reject);
        },
      );
      out.on("error", reject);
      out.end(text === "" ? undefined : text);
    });
  }
}

function statusAnswer(fault: Extract<Fault, { kind: "status" }>, requestText: string): Answer {
  const headers: Record<string, string> = fault.status === 429 ? { "retry-after": "0" } : {};
  if (fault.body === "echo") {
    const quoted = requestText.replace(/[^\x20-\x7e]/g, " ");
    return {
      status: fault.status,
      // A reason phrase may carry no control characters; the firewall's is a quote of the request.
      reason: `Request blocked: ${quoted.slice(0, 300)}`,
      headers,
      text: "",
    };
  }
  if (fault.body === "html") {
    return {
      status: fault.status,
      headers: { ...headers, "content-type": "text/html" },
      text: `<html><body><h1>${fault.status}</h1><p>upstream unavailable</p></body></html>`,
    };
  }
  const detail = fault.status === 429 ? "Request was throttled." : "Service temporarily unavailable.";
  return {
    status: fault.status,
    headers: { ...headers, "content-type": "application/json" },
    text: JSON.stringify({ detail }),
  };
}

function unreadable(fault: Extract<Fault, { kind: "unreadable" }>, answer: Answer): Answer {
  if (answer.status >= 300) return answer;
  if (fault.body === "html") {
    return { status: 200, headers: { "content-type": "text/html" }, text: "<html><body>OK</body></html>" };
  }
  const json = parseJson(answer.text) as { batchId?: unknown } | null;
  const onlyId = json && typeof json === "object" && "batchId" in json ? { batchId: json.batchId } : {};
  return { ...answer, text: JSON.stringify(onlyId) };
}

function send(res: ServerResponse, answer: Answer): void {
  if (res.destroyed) return;
  if (answer.reason === undefined) res.writeHead(answer.status, answer.headers);
  else res.writeHead(answer.status, answer.reason, answer.headers);
  res.end(answer.status === 204 ? undefined : answer.text);
}

function readAll(stream: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    stream.on("error", reject);
  });
}

function parseJson(text: string): unknown {
  if (text === "") return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
