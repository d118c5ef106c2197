/** A real HTTP server for client tests: records every request and answers from a script. */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach } from "vitest";

export interface RecordedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export type Step = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => void;

export interface TestServer {
  baseUrl: string;
  port: number;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

export async function startServer(handler: Step, port = 0): Promise<TestServer> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const actualPort = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${actualPort}`,
    port: actualPort,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Each request consumes the next step; requests past the end get a 599 so tests notice. */
export function startScripted(steps: Step[]): Promise<TestServer> {
  let next = 0;
  return startServer((req, res, body) => {
    const step = steps[next++];
    if (step === undefined) {
      res.writeHead(599, { "Content-Type": "text/plain" }).end("unexpected extra request");
      return;
    }
    step(req, res, body);
  });
}

export function json(status: number, payload: unknown, headers: Record<string, string> = {}): Step {
  return (_req, res) => {
    res.writeHead(status, { "Content-Type": "application/json", ...headers }).end(JSON.stringify(payload));
  };
}

export function text(status: number, payload: string, headers: Record<string, string> = {}): Step {
  return (_req, res) => {
    res.writeHead(status, { "Content-Type": "text/plain", ...headers }).end(payload);
  };
}

/** Never answers (the client's timeout must fire). */
export const hang: Step = () => {};

/** A port nothing listens on: bind, read the port, close. */
export async function refusedPort(): Promise<number> {
  const server = await startServer(() => {});
  await server.close();
  return server.port;
}

export function batch(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    batchId: "11111111-1111-1111-1111-111111111111",
    created: new Date().toISOString(),
    totalCount: 2,
    completedCount: 0,
    endedAt: null,
    windowStart: "2030-01-15T09:00:00Z",
    windowEnd: "2030-01-15T17:00:00Z",
    throttle: null,
    webhookUrl: null,
    webhookSecret: "generated-secret",
    paused: false,
    ...overrides,
  };
}

export function recordingSleep(): { waits: number[]; sleep: (ms: number) => Promise<void> } {
  const waits: number[] = [];
  return {
    waits,
    sleep: async (ms: number) => {
      waits.push(ms);
    },
  };
}

/** Ids and key the client suites share (a key of the API's shape, never a real one). */
export const API_KEY = "Zk3pQ9xa.abcdefghijklmnopqrstuvwxyzABCDEF";
export const AGENT = "aaaaaaaa-0000-0000-0000-000000000001";
export const BATCH = "bbbbbbbb-0000-0000-0000-000000000002";

/**
 * Servers a test file starts, closed after each test: `scripted` answers with one step per request,
 * `serve` with one handler for every request, `track` takes one started otherwise.
 */
export function closedAfterEach(): {
  scripted: (steps: Step[]) => Promise<TestServer>;
  serve: (step: Step) => Promise<TestServer>;
  track: (server: TestServer) => TestServer;
} {
  let servers: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.map((server) => server.close()));
    servers = [];
  });
  const track = (server: TestServer) => {
    servers.push(server);
    return server;
  };
  return {
    scripted: async (steps) => track(await startScripted(steps)),
    serve: async (step) => track(await startServer(step)),
    track,
  };
}
