/**
 * A phone number as review output may show it: the country code, the first group (area or mobile
 * prefix) and the last four digits, the rest as `*` (`+1 415 ***-0123`). Enough for an operator to
 * recognise a row they edited, not enough to call anyone. Shared by every door's review, the plan
 * tool, the drift alarm and validation errors, so a number is masked the same way everywhere. A
 * copy of pulumi-ultravox's src/privacy/masked-number.ts: this policy pack is its own package.
 */
import { parsePhoneNumberFromString } from "libphonenumber-js";

const KEPT_TAIL = 4;

/** Masks every digit except the last `KEPT_TAIL` of the national part after its first group. */
export function maskNumber(raw: string): string {
  const parsed = parsePhoneNumberFromString(raw);
  if (parsed?.isPossible()) {
    const [country, first, ...rest] = parsed.formatInternational().split(" ");
    const tail = rest.join("").replace(/\D/g, "");
    if (country && first && tail.length > KEPT_TAIL) {
      return `${country} ${first} ***-${tail.slice(-KEPT_TAIL)}`;
    }
  }
  return maskUnparsed(raw);
}

/** Text that is not a possible number (a typo in a CSV) still must not show in full. */
function maskUnparsed(raw: string): string {
  const digits = raw.replace(/\D/g, "");
  if (digits.length <= KEPT_TAIL) return "*".repeat(Math.max(digits.length, 3));
  const shown = Math.min(2, digits.length - KEPT_TAIL);
  return `${raw.trim().startsWith("+") ? "+" : ""}${digits.slice(0, shown)}***${digits.slice(-2)}`;
}
