import * as http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A proxy before the emulator that lists scheduled calls in reverse order: the API documents no
 * order for `/scheduled_calls`, and the emulator answers in creation order.
 */
export interface ReversingProxy {
  url: string;
  close(): Promise<void>;
}

export async function startReversingProxy(target: string): Promise<ReversingProxy> {
  const server = http.createServer((req, res) => {
    const forwarded = http.request(
      `${target}${req.url}`,
      { method: req.method, headers: req.headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on("data", (chunk: Buffer) => chunks.push(chunk));
        answer.on("end", () => {
          let body = Buffer.concat(chunks).toString("utf8");
          if (req.url?.includes("/scheduled_calls") && answer.statusCode === 200) {
            const page = JSON.parse(body) as { results: unknown[] };
            body = JSON.stringify({ ...page, results: [...page.results].reverse() });
          }
          const headers = { ...answer.headers, "content-length": String(Buffer.byteLength(body)) };
          res.writeHead(answer.statusCode ?? 502, headers).end(body);
        });
      },
    );
    forwarded.on("error", () => res.writeHead(502).end());
    req.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
