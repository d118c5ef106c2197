/**
 * The reason for a number where a string is expected. YAML reads an unquoted `+14155550100` as
 * the number 14155550100, and so does Pulumi YAML for a config value whose type Pulumi.yaml does
 * not declare: the plugin then receives a number, and the leading `+` (or `0`) is gone. Zod's
 * "expected string, received number" says nothing of that, so the reason says what happened and
 * how to fix it. It never quotes the value (it may sit at a secret path); engine-failures.ts
 * shows it where that is safe.
 */
export const NUMBER_FOR_STRING =
  "is a number where a string is expected: YAML reads an unquoted value that looks like a number " +
  '(+14155550100) as a number and drops a leading + or 0. Quote it in YAML (`"+14155550100"`); ' +
  "a value from stack config needs `type: string` under `config:` in Pulumi.yaml";
