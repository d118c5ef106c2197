/**
 * Compact, keyed fingerprints of a file's calls, kept (secret) in state so that a changed file's
 * review can name the calls it adds and count the ones it removes without state holding anyone's
 * data. Each call's fingerprint is the first 24 bits of HMAC-SHA256 under a random per-batch key
 * (a plain hash of a phone number is brute-forceable; a keyed one is not without the key). The
 * sorted set is Rice-coded as gaps: about 9-10 bits per call, ~120 KB for 100,000 calls.
 *
 * 24 bits collide: with 100k calls an added call has a ~0.6% chance to look already present, and is
 * then only counted, never named. Review only: what is sent is always the whole file.
 */
import { createHmac, randomBytes } from "node:crypto";
import { canonicalJson } from "../json/canonical";
import { toJsonValue } from "../json/json-value";

const BITS = 24;
const VERSION = "r1";

/** A fresh key for a batch's fingerprints (hex). */
export function newFingerprintKey(): string {
  return randomBytes(16).toString("hex");
}

/** One call's fingerprint under `key`. */
export function fingerprintOf(call: unknown, key: string): number {
  const mac = createHmac("sha256", Buffer.from(key, "hex"))
    .update(JSON.stringify(canonicalJson(toJsonValue(call, []))))
    .digest();
  return mac.readUIntBE(0, BITS / 8);
}

/** The sorted, de-duplicated fingerprints of calls. */
export function fingerprintsOf(calls: readonly unknown[], key: string): number[] {
  return [...new Set(calls.map((call) => fingerprintOf(call, key)))].sort((a, b) => a - b);
}

/** Writes bits most significant first. */
class BitWriter {
  private readonly bytes: number[] = [];
  private current = 0;
  private used = 0;
  write(bit: number): void {
    this.current = (this.current << 1) | bit;
    if (++this.used === 8) {
      this.bytes.push(this.current);
      this.current = 0;
      this.used = 0;
    }
  }
  writeBits(value: number, count: number): void {
    for (let i = count - 1; i >= 0; i--) this.write(Math.floor(value / 2 ** i) % 2);
  }
  done(): Buffer {
    if (this.used > 0) this.bytes.push(this.current << (8 - this.used));
    return Buffer.from(this.bytes);
  }
}

/** Rice-coded gaps of sorted fingerprints: `r1:<k>:<count>:<base64>`. */
export function encodeFingerprints(sorted: readonly number[]): string {
  const span = 2 ** BITS;
  const meanGap = sorted.length === 0 ? 1 : span / sorted.length;
  const k = Math.max(0, Math.floor(Math.log2(meanGap)));
  const writer = new BitWriter();
  let previous = 0;
  for (const value of sorted) {
    const gap = value - previous;
    previous = value;
    const quotient = Math.floor(gap / 2 ** k);
    for (let i = 0; i < quotient; i++) writer.write(1);
    writer.write(0);
    writer.writeBits(gap % 2 ** k, k);
  }
  return `${VERSION}:${k}:${sorted.length}:${writer.done().toString("base64")}`;
}

/** The fingerprints an encoding holds; undefined for text that is not one. */
export function decodeFingerprints(encoded: string): number[] | undefined {
  const [version, kText, countText, data] = encoded.split(":");
  if (version !== VERSION || data === undefined) return undefined;
  const k = Number(kText);
  const count = Number(countText);
  const bytes = Buffer.from(data, "base64");
  let position = 0;
  const bit = () => {
    const byte = bytes[position >> 3];
    if (byte === undefined) throw new Error("truncated");
    const value = (byte >> (7 - (position & 7))) & 1;
    position++;
    return value;
  };
  const out: number[] = [];
  let previous = 0;
  try {
    for (let n = 0; n < count; n++) {
      let quotient = 0;
      while (bit() === 1) quotient++;
      let remainder = 0;
      for (let i = 0; i < k; i++) remainder = remainder * 2 + bit();
      previous += quotient * 2 ** k + remainder;
      out.push(previous);
    }
  } catch {
    return undefined;
  }
  return out;
}
