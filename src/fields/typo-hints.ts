/**
 * Typo suggestions for check's "unknown property" failures: the known property name a misspelt key
 * is closest to (at most two edits away, or equal but for case).
 */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** The failure reason for an unknown key, naming the known property it is closest to, if any. */
export function unknownKeyReason(key: string, knownNames: readonly string[]): string {
  let guess: string | undefined;
  let best = 3; // suggest only names at most two edits away, or equal but for case
  for (const name of knownNames) {
    const distance = name.toLowerCase() === key.toLowerCase() ? 0 : editDistance(name, key);
    if (distance < best) [guess, best] = [name, distance];
  }
  return `unknown property "${key}"${guess ? ` (did you mean "${guess}"?)` : ""}`;
}
