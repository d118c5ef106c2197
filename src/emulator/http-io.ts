// Reading request bodies (with the 32 MB cap) and writing JSON responses.
import type { IncomingMessage, ServerResponse } from "node:http";

/** The real service refuses request bodies over 32 MB. */
export const MAX_BODY_BYTES = 32 * 1024 * 1024;

export interface ApiResponse {
  status: number;
  /** JSON body; undefined = no body (e.g. 204). */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface RequestBody {
  text: string;
  tooLarge: boolean;
  /** Bytes received, including those discarded past the cap. */
  bytes: number;
}

/** Reads the whole body. Past the cap the rest is drained and discarded so the 413 reaches the client. */
export function readBody(req: IncomingMessage, limit: number = MAX_BODY_BYTES): Promise<RequestBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        tooLarge = true;
        chunks.length = 0;
      }
      if (!tooLarge) chunks.push(chunk);
    });
    req.on("end", () =>
      resolve({ text: tooLarge ? "" : Buffer.concat(chunks).toString("utf8"), tooLarge, bytes: size }),
    );
    req.on("error", reject);
  });
}

export type ParsedJson = { ok: true; value: unknown } | { ok: false; message: string };

/** An empty body counts as absent (DRF treats it as an empty form). */
export function parseJson(text: string): ParsedJson | null {
  if (text.trim() === "") return null;
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * `serverNowMs` is the emulator's virtual now: the `Date` header then agrees with the `created`
 * stamps it hands out, as a real server's would (clients use it to estimate clock skew).
 */
export function writeResponse(res: ServerResponse, response: ApiResponse, serverNowMs?: number): void {
  const headers: Record<string, string> = { ...response.headers };
  if (serverNowMs !== undefined) headers.Date = new Date(serverNowMs).toUTCString();
  let payload = "";
  if (response.body !== undefined) {
    payload = JSON.stringify(response.body);
    headers["Content-Type"] = "application/json";
  }
  headers["Content-Length"] = String(Buffer.byteLength(payload));
  res.writeHead(response.status, headers);
  res.end(payload);
}

export const json = (status: number, body?: unknown, headers?: Record<string, string>): ApiResponse => ({
  status,
  ...(body !== undefined ? { body } : {}),
  ...(headers !== undefined ? { headers } : {}),
});

export const notFound = (): ApiResponse => json(404, { detail: "Not found." });
