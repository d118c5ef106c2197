// Cursor pagination in the DRF envelope: results, absolute next/previous URLs, total.
import { type ApiResponse, json } from "./http-io";

/** Not declared by the docs for these endpoints; 100/1000 keep pages small but useful. */
export const DEFAULT_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 1000;

export interface Page<T> {
  results: T[];
  next: string | null;
  previous: string | null;
  total: number;
}

/** The cursor is opaque to clients; here it is base64 of "o=<offset>" (like DRF's "p=<position>"). */
function encodeCursor(offset: number): string {
  return Buffer.from(`o=${offset}`, "utf8").toString("base64");
}

function decodeCursor(cursor: string): number | null {
  const match = /^o=(\d+)$/.exec(Buffer.from(cursor, "base64").toString("utf8"));
  return match ? Number(match[1]) : null;
}

/** Invalid pageSize values fall back to the default, as DRF does; larger ones are capped. */
function pageSizeOf(raw: string | null): number {
  if (raw === null || !/^\d+$/.test(raw) || Number(raw) < 1) return DEFAULT_PAGE_SIZE;
  return Math.min(Number(raw), MAX_PAGE_SIZE);
}

export function paginate<T>(items: T[], requestUrl: URL): Page<T> | ApiResponse {
  const rawCursor = requestUrl.searchParams.get("cursor");
  const offset = rawCursor === null ? 0 : decodeCursor(rawCursor);
  if (offset === null) return json(404, { detail: "Invalid cursor" });
  const size = pageSizeOf(requestUrl.searchParams.get("pageSize"));
  const linkTo = (target: number | null): string | null => {
    if (target === null) return null;
    const url = new URL(requestUrl.href);
    if (target === 0) url.searchParams.delete("cursor");
    else url.searchParams.set("cursor", encodeCursor(target));
    return url.href;
  };
  return {
    results: items.slice(offset, offset + size),
    next: linkTo(offset + size < items.length ? offset + size : null),
    previous: linkTo(offset > 0 ? Math.max(0, offset - size) : null),
    total: items.length,
  };
}

function isPage<T>(value: Page<T> | ApiResponse): value is Page<T> {
  return "results" in value;
}

/** A 200 with the page, or the error answer for a bad cursor. */
export function pageResponse<T>(items: T[], url: URL): ApiResponse {
  const page = paginate(items, url);
  return isPage(page) ? json(200, page) : page;
}
