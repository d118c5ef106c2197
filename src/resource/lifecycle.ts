/**
 * The lifecycle of any resource definition, in the core's own terms (lifecycle-type.ts): each
 * door adapts it (provider/dynamic-door.ts, plugin/provider-service.ts). Each operation makes the fewest requests that do the job: check and
 * diff make none; create what the resource's own create makes; update one PATCH (none if nothing
 * changed); read one GET; delete one DELETE. What is truly a resource's own (how it creates, its
 * endpoints, when a 404 proves it gone) comes in its `ResourceBehaviour` (fields/behaviour.ts).
 */
import { adoptInputOf, parentsOf } from "../fields/adopt";
import { AppliedButUnreadError } from "../fields/applied-unread";
import type { ResourceBehaviour } from "../fields/behaviour";
import { checkForEngine } from "../fields/check";
import { withCreateIdentity } from "../fields/create-identity";
import { changedFields, diffResource, patchBody } from "../fields/diff";
import { failuresForEngine } from "../fields/engine-failures";
import {
  fromEngine,
  fromEngineOrThrow,
  toEngine,
  unsupportedIgnorePaths,
  withKeptExtraKeys,
} from "../fields/engine-form";
import { inputsFromLive } from "../fields/field-rules";
import { ResourceInitError } from "../fields/init-error";
import { outputsFor, outputsUnchanged, unsetIn } from "../fields/outputs";
import { secretsIn } from "../fields/secrets";
import {
  chosenByServer,
  decodeParents,
  decodeStoredState,
  filledByServer,
  withoutEngineKeys,
} from "../fields/stored-state";
import type { ApiClient } from "../http/api-client";
import { retryLine } from "../http/retry-log";
import { type ConfigSource, resolveSettings } from "./config";
import type { Diffed, ResourceLifecycle } from "./lifecycle-type";

type Props = Record<string, unknown>;

// Stack config handed over by the host, shared by every resource. Assigned before any await: the
// host caches the provider before `configure` settles, so a later call must never see a
// half-configured module.
let stackConfig: ConfigSource | undefined;

/** The output a tombstone carries: when a refresh proved the resource deleted outside Pulumi. */
export const DELETED_OUTSIDE_AT = "deletedOutsideAt";

/**
 * Ids read since the last check in this process. The engine also calls diff during `pulumi refresh`
 * (refreshed outputs against the stored inputs, to show drift), which must never fail; a program's
 * diff always follows its own check, and `up --refresh` refreshes before the program runs. So a
 * diff of an id read since the last check is refresh's, and no review runs for it.
 */
const readSinceCheck = new Set<string>();

const NO_API_KEY =
  "No Ultravox API key: run `pulumi config set --secret ultravox:apiKey <key>` or set ULTRAVOX_API_KEY.";

export function lifecycleFor<C extends ApiClient>(
  behaviour: ResourceBehaviour<C>,
): ResourceLifecycle & { clientFor(...values: Props[]): C } {
  const def = behaviour.definition;

  function clientFor(...values: Props[]): C {
    const settings = resolveSettings(stackConfig);
    if (!settings.apiKey) throw new Error(NO_API_KEY);
    return behaviour.client({
      apiKey: settings.apiKey,
      baseUrl: settings.baseUrl,
      requestTimeoutMs: settings.requestTimeoutMs,
      retry: settings.retry,
      secrets: values.flatMap((value) => secretsIn(def, value)),
      // The host passes the provider's stderr through to the CLI: a wait shows instead of a silent pause.
      onRetry: (info) => process.stderr.write(`${retryLine(info, settings.retry)}\n`),
    });
  }

  const isTombstone = (props: Props) =>
    behaviour.tombstones === true && typeof props[DELETED_OUTSIDE_AT] === "string";

  /**
   * The change and the fields it touches, with the resource's own review (re-dial guards, warnings)
   * unless this is refresh's diff. A tombstone's re-create shows as a replace (`deletedOutsideAt`).
   */
  async function diff(id: string, olds: Props, news: Props, ignoreChanges: string[] = []): Promise<Diffed> {
    const stored = decodeStoredState(def, olds);
    const found = diffResource(def, stored, news);
    const program = () => fromEngine(def, news).props;
    if (readSinceCheck.has(id)) {
      const changed = found.changes ? changedFields(def, stored, program()) : [];
      return { ...found, changedFields: [...new Set([...found.replaces, ...changed])], warnings: [] };
    }
    const unreachable = unsupportedIgnorePaths(def, ignoreChanges);
    if (unreachable.length > 0)
      throw new Error(unreachable.map((f) => `${f.property}: ${f.reason}`).join("\n"));
    const outputs = withoutEngineKeys(olds);
    const replaces = isTombstone(outputs) ? [...found.replaces, DELETED_OUTSIDE_AT] : found.replaces;
    const changes = found.changes || replaces.length > 0;
    const changed = changes ? changedFields(def, stored, program()) : [];
    const result = { ...found, changes, replaces, changedFields: [...new Set([...replaces, ...changed])] };
    if (behaviour.review === undefined || !changes) return { ...result, warnings: [] };
    const warnings = await behaviour.review({
      stored,
      outputs,
      news: program(),
      replaces,
      changed,
      client: () => clientFor(olds, news),
    });
    return { ...result, warnings };
  }

  /** The canonical inputs check produced (create and update only ever receive what check returned). */
  const checkedInputs = (inputs: Props) => fromEngineOrThrow(def, withoutEngineKeys(inputs));

  return {
    clientFor,
    diff,

    configure(config) {
      stackConfig = config;
    },

    /**
     * Validates the program's inputs against the previous ones (`olds`; empty on create and on
     * `pulumi up --replace`). Fails the preview, without a request, when no API key resolves:
     * otherwise a preview would pass and the `up` after it fail.
     */
    async check(olds, news) {
      readSinceCheck.clear(); // the program runs: diffs from now on are the program's
      const { apiKey } = resolveSettings(stackConfig);
      if (!apiKey) throw new Error(NO_API_KEY);
      const kept = withKeptExtraKeys(def, olds, news);
      const { inputs, failures } = checkForEngine(def, kept, olds);
      // Failing values are looked up in the program form (a batch's calls as a list, not as text).
      return {
        // The resource's identity goes on to create (a stable create token), like the host's `__provider`.
        inputs: withCreateIdentity(inputs, news),
        failures: failuresForEngine(def, failures, fromEngine(def, kept).props, [apiKey]),
      };
    },

    async create(inputs) {
      const args = checkedInputs(inputs);
      const result = await behaviour.create(clientFor(args), args, inputs);
      return { ...result, outs: withCreateIdentity(result.outs, inputs) };
    },

    async read(id, props = {}) {
      readSinceCheck.add(id);
      // A tombstone stays as it is: the batch is gone, there is nothing to read.
      if (isTombstone(props)) return { id, props: withoutEngineKeys(props) };
      const missing = def.identity.parents.find((parent) => !props[parent]);
      if (missing !== undefined) {
        throw new Error(
          `Reading a ${def.kind} needs its ${missing}: import an existing ${def.noun} with the \`${adoptInputOf(def)}\` input.`,
        );
      }
      const stored = decodeStoredState(def, props);
      const parents = parentsOf(def, stored.applied);
      const client = clientFor(props);
      try {
        const live = await behaviour.get(client, parents, id);
        const inputs = inputsFromLive(
          def,
          stored.applied,
          live,
          chosenByServer(stored),
          filledByServer(stored),
        );
        // Refresh reads outputs only: the identity kept there goes back to both (no change in state).
        return {
          id,
          props: withCreateIdentity(outputsFor(def, inputs, live, chosenByServer(stored), stored), props),
          inputs: withCreateIdentity(toEngine(def, inputs), props),
        };
      } catch (error) {
        // Gone only when proven: the engine drops it from state, or keeps a tombstone.
        if (await behaviour.isGone(client, parents, error)) {
          if (!behaviour.tombstones) return { id: "", props: {} };
          const at = new Date().toISOString();
          return { id, props: { ...withoutEngineKeys(props), [DELETED_OUTSIDE_AT]: at } };
        }
        throw error;
      }
    },

    async update(id, olds, news) {
      const stored = decodeStoredState(def, olds);
      const args = checkedInputs(news);
      const parents = parentsOf(def, args);
      const body = patchBody(def, stored, args);
      if (Object.keys(body).length === 0) {
        if (stored.server === undefined) {
          // Outputs recorded by a failed create lack the server's fields: read them once.
          const live = await behaviour.get(clientFor(olds, args), parents, id);
          return { outs: withCreateIdentity(outputsFor(def, args, live, unsetIn(args), stored), news) };
        }
        // Nothing the API holds changed (e.g. only the provider code did): no request at all.
        return { outs: withCreateIdentity(outputsUnchanged(def, args, stored), news) };
      }
      let live: object;
      try {
        live = await behaviour.patch(clientFor(olds, args), parents, id, body);
      } catch (error) {
        if (!(error instanceof AppliedButUnreadError)) throw error;
        // Applied for sure: the engine records it (partial failure), so a re-run does not send it again.
        const provider = news.__provider === undefined ? {} : { __provider: news.__provider };
        throw new ResourceInitError(error.message, id, {
          ...withCreateIdentity(outputsUnchanged(def, args, stored), news),
          ...provider,
        });
      }
      return { outs: withCreateIdentity(outputsFor(def, args, live, unsetIn(args), stored), news) };
    },

    async delete(id, props) {
      if (behaviour.keepOnDelete?.(id)) return;
      if (isTombstone(props)) return; // already gone: nothing to send
      const parents = decodeParents(def, props);
      const client = clientFor(props);
      try {
        await behaviour.remove(client, parents, id);
      } catch (error) {
        if (!(await behaviour.isGone(client, parents, error))) throw error; // proven gone counts as deleted
      }
    },
  };
}
