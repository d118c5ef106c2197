/**
 * The Pulumi dynamic-provider protocol for any resource definition, called through a serialized
 * forwarder (or the plugin). Each operation makes the fewest requests that do the job: check and
 * diff make none; create what the resource's own create makes; update one PATCH (none if nothing
 * changed); read one GET; delete one DELETE. What is truly a resource's own (how it creates, its
 * endpoints, when a 404 proves it gone) comes in its `ResourceBehaviour` (fields/behaviour.ts).
 */
import { AppliedButUnreadError } from "../fields/applied-unread";
import type { ResourceBehaviour } from "../fields/behaviour";
import { checkForEngine } from "../fields/check";
import type { ResourceDefinition } from "../fields/definition";
import { diffResource, patchBody } from "../fields/diff";
import { failuresForEngine } from "../fields/engine-failures";
import { fromEngine, fromEngineOrThrow, toEngine } from "../fields/engine-form";
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
import type { Lifecycle } from "./lifecycle-type";

type Props = Record<string, unknown>;
type Parents = Record<string, string>;

// Stack config handed over by the host, shared by every resource. Assigned before any await: the
// host caches the provider before `configure` settles, so a later call must never see a
// half-configured module.
let stackConfig: ConfigSource | undefined;

const NO_API_KEY =
  "No Ultravox API key: run `pulumi config set --secret ultravox:apiKey <key>` or set ULTRAVOX_API_KEY.";

/** The path parents among props (inputs or outputs). */
function parentsIn(def: ResourceDefinition, props: Props): Parents {
  return Object.fromEntries(def.identity.parents.map((parent) => [parent, String(props[parent])]));
}

export function lifecycleFor<C extends ApiClient>(
  behaviour: ResourceBehaviour<C>,
): Lifecycle & { clientFor(...values: Props[]): C } {
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

  /** The canonical inputs check produced (create and update only ever receive what check returned). */
  const checkedInputs = (inputs: Props) => fromEngineOrThrow(def, withoutEngineKeys(inputs));

  return {
    clientFor,

    async configure(req) {
      stackConfig = req.config;
    },

    /**
     * Validates the program's inputs against the previous ones (`olds`; empty on create and on
     * `pulumi up --replace`). Fails the preview, without a request, when no API key resolves:
     * otherwise a preview would pass and the `up` after it fail.
     */
    async check(olds, news) {
      const { apiKey } = resolveSettings(stackConfig);
      if (!apiKey) throw new Error(NO_API_KEY);
      const { inputs, failures } = checkForEngine(def, news, olds);
      // Failing values are looked up in the program form (a batch's calls as a list, not as text).
      return { inputs, failures: failuresForEngine(def, failures, fromEngine(def, news).props, [apiKey]) };
    },

    async diff(_id, olds, news) {
      return diffResource(def, decodeStoredState(def, olds), news);
    },

    async create(inputs) {
      const args = checkedInputs(inputs);
      return behaviour.create(clientFor(args), args, inputs);
    },

    async read(id, props = {}) {
      const missing = def.identity.parents.find((parent) => !props[parent]);
      if (missing !== undefined) {
        const adopt = def.inputNames.find((name) => def.inputs[name]?.namesSelf);
        throw new Error(
          `Reading a ${def.kind} needs its ${missing}: import an existing ${def.noun} with the \`${adopt}\` input.`,
        );
      }
      const stored = decodeStoredState(def, props);
      const parents = parentsIn(def, stored.applied);
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
        return {
          id,
          props: outputsFor(def, inputs, live, chosenByServer(stored), stored),
          inputs: toEngine(def, inputs),
        };
      } catch (error) {
        // Gone only when proven: the engine drops it from state.
        if (await behaviour.isGone(client, parents, error)) return { id: "", props: {} };
        throw error;
      }
    },

    async update(id, olds, news) {
      const stored = decodeStoredState(def, olds);
      const args = checkedInputs(news);
      const parents = parentsIn(def, args);
      const body = patchBody(def, stored, args);
      if (Object.keys(body).length === 0) {
        if (stored.server === undefined) {
          // Outputs recorded by a failed create lack the server's fields: read them once.
          const live = await behaviour.get(clientFor(olds, args), parents, id);
          return { outs: outputsFor(def, args, live, unsetIn(args), stored) };
        }
        // Nothing the API holds changed (e.g. only the provider code did): no request at all.
        return { outs: outputsUnchanged(def, args, stored) };
      }
      let live: object;
      try {
        live = await behaviour.patch(clientFor(olds, args), parents, id, body);
      } catch (error) {
        if (!(error instanceof AppliedButUnreadError)) throw error;
        // Applied for sure: the engine records it (partial failure), so a re-run does not send it again.
        const provider = news.__provider === undefined ? {} : { __provider: news.__provider };
        throw new ResourceInitError(error.message, id, {
          ...outputsUnchanged(def, args, stored),
          ...provider,
        });
      }
      return { outs: outputsFor(def, args, live, unsetIn(args), stored) };
    },

    async delete(id, props) {
      if (behaviour.keepOnDelete?.(id)) return;
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
