/**
 * A real HTTP proxy in front of the emulator that rewrites its JSON answers the way the Ultravox docs
 * leave the real service free to answer (another order, nulls, filled-in values, hidden passwords),
 * while the emulator itself stays the faithful, plain stand-in. Requests reach the emulator
 * unchanged, so its journal still shows every request the provider sent. Some rewrites go past the
 * published OpenAPI description on purpose (a nested `dtmfHandling: null`, which the schema does
 * not mark nullable): a provider that survives them survives a service that is looser than its docs.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Rewrite = (answer: { method: string; path: string; status: number; json: unknown }) => unknown;

export interface LatitudeProxy {
  url: string;
  /** The rewrite applied to every JSON answer from now on (identity: none). */
  rewrite: Rewrite;
  close(): Promise<void>;
}

export async function startLatitudeProxy(target: string): Promise<LatitudeProxy> {
  const proxy: LatitudeProxy = { url: "", rewrite: ({ json }) => json, close: async () => {} };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", async () => {
      const method = req.method ?? "GET";
      const headers: Record<string, string> = {};
      for (const name of ["x-api-key", "content-type", "accept"]) {
        const value = req.headers[name];
        if (typeof value === "string") headers[name] = value;
      }
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      const answer = await fetch(new URL(req.url ?? "/", target), { method, headers, body });
      const text = await answer.text();
      const path = new URL(req.url ?? "/", target).pathname;
      let out = text;
      if ((answer.headers.get("content-type") ?? "").includes("json") && text !== "") {
        out = JSON.stringify(proxy.rewrite({ method, path, status: answer.status, json: JSON.parse(text) }));
      }
      const type = answer.headers.get("content-type");
      res.writeHead(answer.status, type === null ? {} : { "content-type": type }).end(out);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}

/** A rewrite that lists scheduled calls in reverse order (the API documents no order; the emulator keeps creation order). */
export const reverseScheduledCalls: Rewrite = ({ method, path, status, json }) => {
  if (method !== "GET" || status !== 200 || !path.endsWith("/scheduled_calls")) return json;
  const page = json as { results: unknown[] };
  return { ...page, results: [...page.results].reverse() };
};

/** A proxy that lists scheduled calls in reverse order. */
export async function startReversingProxy(target: string): Promise<LatitudeProxy> {
  const proxy = await startLatitudeProxy(target);
  proxy.rewrite = reverseScheduledCalls;
  return proxy;
}
