import net from "node:net";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { InvalidIdError, UltravoxApiError, UltravoxClient } from "../../src/batch/client";
import { resolveSettings } from "../../src/resource/config";
import {
  AGENT,
  API_KEY,
  BATCH,
  batch,
  closedAfterEach,
  json,
  recordingSleep,
  type Step,
  text,
} from "./scripted-server";

/** What a request may never do (loop, leak the key, leave our origin, grow unbounded), against a real HTTP server. */

const { scripted, serve } = closedAfterEach();

function quickClient(baseUrl: string, extra: Partial<ConstructorParameters<typeof UltravoxClient>[0]> = {}) {
  return new UltravoxClient({
    apiKey: API_KEY,
    baseUrl,
    random: () => 0.5,
    sleep: recordingSleep().sleep,
    ...extra,
  });
}

async function caught(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected a rejection");
}

describe("Retry-After: 0 is not a hot loop", () => {
  const throttled = json(429, { detail: "Request was throttled." }, { "Retry-After": "0" });

  it("one read waits at least 250 ms between tries", async () => {
    const server = await serve(throttled);
    const client = new UltravoxClient({
      apiKey: API_KEY,
      baseUrl: server.baseUrl,
      retry: { budgetMs: 1_500 },
    });
    const started = Date.now();
    const err = await caught(client.getBatch(AGENT, BATCH));
    const ms = Date.now() - started;
    console.log(`[Retry-After: 0] one GET: ${server.requests.length} requests in ${ms} ms`);
    expect((err as UltravoxApiError).status).toBe(429);
    expect(server.requests.length).toBeLessThanOrEqual(7); // 1.5 s / 250 ms + the first
  });

  it("20 parallel creates stay under the process-wide rate bound (20 req/s, burst 20)", async () => {
    const server = await serve(throttled);
    const started = Date.now();
    await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        new UltravoxClient({
          apiKey: API_KEY,
          baseUrl: server.baseUrl,
          retry: { budgetMs: 1_500 },
        }).createBatch(AGENT, { calls: [{}] }),
      ),
    );
    const seconds = (Date.now() - started) / 1000;
    const count = server.requests.length;
    console.log(`[Retry-After: 0] 20 parallel POSTs: ${count} requests in ${seconds.toFixed(2)} s`);
    expect(count).toBeLessThanOrEqual(20 + Math.ceil(20 * seconds) + 2);
  });
});

describe("pagination stays on our origin and prefix", () => {
  it("a next link <base>//otherhost/... is not followed and the other host gets nothing", async () => {
    const other = await serve(json(200, { results: [], next: null }));
    const otherHost = `localhost:${other.port}`;
    const server = await scripted([
      (_req, res) => {
        const next = `http://127.0.0.1:${server.port}//${otherHost}/steal?cursor=2`;
        res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ results: [], next }));
      },
    ]);
    const err = await caught(
      (async () => {
        for await (const _ of quickClient(server.baseUrl).listBatches(AGENT)) void _;
      })(),
    );
    expect(err.message).toContain("another path");
    expect(other.requests).toHaveLength(0);
  });

  it("a next link to another host is refused, naming the host", async () => {
    const server = await scripted([
      json(200, {
        results: [],
        next: `https://elsewhere.example.com/api/agents/${AGENT}/scheduled_batches?cursor=2`,
      }),
    ]);
    const err = await caught(
      (async () => {
        for await (const _ of quickClient(server.baseUrl).listBatches(AGENT)) void _;
      })(),
    );
    expect(err.message).toContain("another host (elsewhere.example.com)");
    expect(server.requests).toHaveLength(1);
  });

  it("a listing that hands out endless new cursors stops at the page cap with a clear error", async () => {
    let page = 0;
    const server = await serve((_req, res) => {
      page += 1;
      const next = `http://127.0.0.1:${server.port}/api/agents/${AGENT}/scheduled_batches?cursor=c${page}`;
      res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ results: [], next }));
    });
    const err = await caught(
      (async () => {
        for await (const _ of quickClient(server.baseUrl, { maxPages: 3 }).listBatches(AGENT)) void _;
      })(),
    );
    expect(err.message).toContain("goes on past 3 pages");
    expect(server.requests).toHaveLength(3);
  });

  it("a base URL path prefix is kept on page 2, even when the service links without it", async () => {
    const server = await serve((req, res) => {
      const url = new URL(req.url ?? "", "http://x");
      if (!url.pathname.startsWith("/ultravox/api/")) {
        res.writeHead(404, { "Content-Type": "text/html" }).end("<h1>no such path</h1>");
        return;
      }
      const second = url.searchParams.get("cursor") === "p2";
      // Behind a prefix-stripping proxy the service builds its links without the prefix.
      const next = second
        ? null
        : `http://127.0.0.1:${server.port}/api/agents/${AGENT}/scheduled_batches?cursor=p2`;
      res
        .writeHead(200, { "Content-Type": "application/json" })
        .end(JSON.stringify({ results: [batch({ batchId: second ? "b2" : "b1" })], next }));
    });
    const ids: string[] = [];
    for await (const item of quickClient(`${server.baseUrl}/ultravox/`).listBatches(AGENT))
      ids.push(item.batchId);
    expect(ids).toEqual(["b1", "b2"]);
    expect(server.requests.map((r) => r.url)).toEqual([
      `/ultravox/api/agents/${AGENT}/scheduled_batches`,
      `/ultravox/api/agents/${AGENT}/scheduled_batches?cursor=p2`,
    ]);
  });
});

describe("the key only travels encrypted", () => {
  it("refuses http:// to a non-loopback host, in the client and in settings", () => {
    for (const baseUrl of [
      "http://api.ultravox.ai",
      "http://10.0.0.5:8080",
      "http://example.com/prefix",
      "http://app.localhost:9", // not resolved here; a resolver may send it to DNS
      "http://localhost.:9", // fully qualified: resolved through DNS, not the hosts file
      "http://LOCALHOST.:9",
      "http://127.0.0.1.nip.io:9",
    ]) {
      expect(() => new UltravoxClient({ apiKey: API_KEY, baseUrl })).toThrow(/https/);
    }
    expect(() => resolveSettings(undefined, { ULTRAVOX_BASE_URL: "http://api.ultravox.ai" })).toThrow(
      /ULTRAVOX_BASE_URL.*unencrypted/,
    );
  });

  it("accepts https anywhere and http to loopback (localhost, 127.0.0.0/8, ::1)", () => {
    for (const baseUrl of [
      "https://api.ultravox.ai",
      "http://127.0.0.1:9",
      "http://127.5.6.7",
      "http://localhost:9",
      "http://[::1]:9",
    ]) {
      expect(() => new UltravoxClient({ apiKey: API_KEY, baseUrl })).not.toThrow();
    }
  });
});

describe("the key does not follow redirects or hide in the base URL", () => {
  it("a redirect is not followed: the other server gets nothing, the answer is an error", async () => {
    const other = await serve(json(200, batch()));
    const server = await scripted([
      (_req, res) => res.writeHead(307, { Location: `http://localhost:${other.port}/steal` }).end(),
    ]);
    const err = await caught(quickClient(server.baseUrl).getBatch(AGENT, BATCH));
    expect((err as UltravoxApiError).status).toBe(307);
    expect(other.requests).toHaveLength(0);
  });

  it("credentials, a query or a fragment in the base URL are refused", () => {
    for (const baseUrl of [
      "https://user:pw@api.ultravox.ai",
      "https://api.ultravox.ai/?x=1",
      "https://a.b/#f",
    ]) {
      expect(() => new UltravoxClient({ apiKey: API_KEY, baseUrl })).toThrow(
        /no credentials, query or fragment/,
      );
    }
  });
});

describe("ids are checked before they go into a path", () => {
  it("refuses . .. and other unsafe ids from any source, before sending anything", async () => {
    const server = await serve(json(204, {}));
    const client = quickClient(server.baseUrl);
    for (const bad of [".", "..", "a/b", "x?y", "%2e%2e", "", "a b"]) {
      await expect(client.deleteBatch(AGENT, bad)).rejects.toBeInstanceOf(InvalidIdError);
      await expect(client.getBatch(bad, BATCH)).rejects.toBeInstanceOf(InvalidIdError);
    }
    expect(server.requests).toHaveLength(0);
  });

  it("a batch id `..` in an answer is refused, so it never reaches the state or a path", async () => {
    const server = await scripted([json(201, batch({ batchId: ".." }))]);
    const err = await caught(quickClient(server.baseUrl).createBatch(AGENT, { calls: [{}] }));
    expect(err.message).toContain("batchId: not a valid batch id");
    expect(server.requests).toHaveLength(1);
  });
});

describe("redaction covers every spelling, before shortening", () => {
  const secret = 'ZQX9 top\t"secret" \\ value';
  const nonAscii = "ZQX9-café-clé";
  const escaped = JSON.stringify(secret).slice(1, -1);
  const bodies: [string, Step][] = [
    ["straddling char 500", text(400, `${"x".repeat(495)} ${secret} tail`)],
    ["inside a JSON detail", json(400, { detail: `bad value ${secret}` })],
    ["JSON-escaped inside HTML", text(400, `<pre>{"webhookSecret": "${escaped}"}</pre>`)],
    ["whitespace collapsed", text(400, `<p>${secret.replace(/\s+/g, " ")}</p>`)],
    ["as a field-error key", json(400, { [secret]: ["Unknown field."], calls: ["Required."] })],
    ["ASCII-escaped (Python json.dumps)", text(400, '{"detail": "ZQX9-caf\\u00e9-cl\\u00e9"}x')],
    ["ASCII-escaped with upper-case hex (Java, Go)", text(400, '{"detail": "ZQX9-caf\\u00E9-cl\\u00E9"}x')],
    ["a tab escaped as \\u0009", text(400, `{"v": "${escaped.replace("\\t", "\\u0009")}"}x`)],
    ["URL-encoded", text(400, `echo ${encodeURIComponent(secret)}`)],
    ["form-encoded (+ for spaces)", text(400, `echo ${encodeURIComponent(secret).replace(/%20/g, "+")}`)],
  ];
  for (const [name, step] of bodies) {
    it(name, async () => {
      const server = await scripted([step]);
      const client = quickClient(server.baseUrl, { secrets: [secret, nonAscii] });
      const err = (await caught(client.getBatch(AGENT, BATCH))) as UltravoxApiError;
      expect(err).toBeInstanceOf(UltravoxApiError);
      const everything = `${err.message} ${err.apiMessage} ${JSON.stringify(err.fieldErrors)} ${err.stack}`;
      expect(everything).not.toContain("ZQX9");
      // Past 500 characters the message is cut, possibly inside the marker itself.
      expect(everything).toMatch(/\[secret\]|\[sec\.\.\./);
    });
  }
});

describe("responses are bounded", () => {
  it("a body over 10 MB is not read whole: clear error", async () => {
    const huge = JSON.stringify(batch()).replace("{", `{${" ".repeat(11 * 1024 * 1024)}`);
    const server = await scripted([
      (_req, res) => res.writeHead(200, { "Content-Type": "application/json" }).end(huge),
    ]);
    const err = await caught(quickClient(server.baseUrl).getBatch(AGENT, BATCH));
    expect(err.message).toContain("larger than 10 MB");
  });

  it("a 50 KB gzip body that inflates to 50 MB is stopped at 10 MB decoded", async () => {
    const bomb = gzipSync(
      Buffer.from(JSON.stringify(batch()).replace("{", `{${" ".repeat(50 * 1024 * 1024)}`)),
    );
    expect(bomb.length).toBeLessThan(100 * 1024);
    const server = await scripted([
      (_req, res) =>
        res.writeHead(200, { "Content-Type": "application/json", "Content-Encoding": "gzip" }).end(bomb),
    ]);
    const err = await caught(quickClient(server.baseUrl).getBatch(AGENT, BATCH));
    expect(err.message).toContain("larger than 10 MB");
  });
});

/**
 * A server that closes idle keep-alive connections after `idleMs` without saying so (no Keep-Alive
 * header, as many proxies do), and records which request each connection carried.
 */
async function idleClosingServer(idleMs: number) {
  const requests: { method: string; nthOnConnection: number }[] = [];
  const server = net.createServer((socket) => {
    let buffered = Buffer.alloc(0);
    let onThisConnection = 0;
    let idle: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(idle);
      idle = setTimeout(() => socket.destroy(), idleMs);
    };
    arm();
    socket.on("error", () => {});
    socket.on("data", (chunk: Buffer) => {
      clearTimeout(idle);
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        const end = buffered.indexOf("\r\n\r\n");
        if (end < 0) return;
        const head = buffered.subarray(0, end).toString();
        const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (buffered.length < end + 4 + length) return;
        buffered = buffered.subarray(end + 4 + length);
        const method = head.split(" ")[0] ?? "";
        requests.push({ method, nthOnConnection: ++onThisConnection });
        const body = JSON.stringify(method === "POST" ? batch() : { results: [], next: null });
        socket.write(
          `HTTP/1.1 ${method === "POST" ? "201 Created" : "200 OK"}\r\nContent-Type: application/json\r\n` +
            `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: keep-alive\r\n\r\n${body}`,
        );
        arm();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  const port = (server.address() as net.AddressInfo).port;
  return { baseUrl: `http://127.0.0.1:${port}`, requests, close: () => new Promise((r) => server.close(r)) };
}

describe("a POST never rides a connection the server may be closing", () => {
  it("GET then POST just as the server drops the idle connection: every POST arrives, none is ambiguous", async () => {
    const idleMs = 40;
    const server = await idleClosingServer(idleMs);
    const client = new UltravoxClient({
      apiKey: API_KEY,
      baseUrl: server.baseUrl,
      retry: { maxAttempts: 3 },
    });
    let failures = 0;
    const tries = 30;
    try {
      for (let i = 0; i < tries; i++) {
        for await (const _ of client.listBatches(AGENT)) void _;
        await new Promise((resolve) => setTimeout(resolve, idleMs + (i % 7) - 3));
        await client.createBatch(AGENT, { calls: [{}] }).catch(() => failures++);
      }
    } finally {
      await server.close();
    }
    const posts = server.requests.filter((r) => r.method === "POST");
    expect(failures).toBe(0);
    expect(posts).toHaveLength(tries);
    expect(posts.every((r) => r.nthOnConnection === 1)).toBe(true);
  });
});
