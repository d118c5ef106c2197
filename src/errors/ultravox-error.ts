/**
 * The one base of every error this package throws on purpose, so a program can tell them from any
 * other failure (`instanceof UltravoxError`, or the `isX` guards across package copies) and ask the
 * first question of any failure against a service that dials people: may the service have acted?
 */
export abstract class UltravoxError extends Error {
  /**
   * True when the service may have changed something although this error was thrown (a POST that
   * may have created a batch, a resource that exists although its create failed): reconcile it,
   * never blindly retry. False when nothing was sent or nothing was changed.
   */
  abstract readonly mayHaveActed: boolean;
}
