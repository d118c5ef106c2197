/**
 * The reason for a number where a string is expected. YAML reads an unquoted `+14155550100` as the
 * number 14155550100, and the Pulumi CLI (v3.274.1) does the same to a top-level stack config value
 * that parses as an integer, whatever `--type string`, `--secret` or `type: string` in Pulumi.yaml
 * say; only a value typed inside an object stays a string (checked with a YAML program). The plugin
 * then receives a number, the leading `+` gone, and zod's "expected string, received number" said
 * nothing of that. The reason never quotes the value (it may sit at a secret path); engine-failures.ts
 * shows it where that is safe. Its examples use a number reserved for fiction (Ofcom's 01632 960xxx).
 */
// Pulumi YAML's interpolation, written out (a `${` in a plain string reads as a template mistake).
const YAML_REFERENCE = "$" + "{caller.id}";

export const NUMBER_FOR_STRING =
  "is a number where a string is expected: YAML reads an unquoted value that looks like a number as a " +
  "number, dropping a leading + or 0, and the Pulumi CLI does the same to a stack config value (even " +
  'with --type string or `type: string`). Quote it in YAML (`"+441632960961"`), or keep it in config ' +
  "inside an object: `pulumi config set --path --type string caller.id +441632960961`, then `" +
  YAML_REFERENCE +
  "`";
