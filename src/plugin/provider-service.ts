/**
 * The gRPC ResourceProvider service of `pulumi-resource-ultravox`: a thin door over each resource's
 * lifecycle (resources.ts), the same core the dynamic resource runs. It only translates: wire structs to props (secrets
 * revealed) and back (the table's secrets marked), config from Configure, and import ids.
 * @pulumi/pulumi/provider's own main() would ignore Configure's config, hence this service.
 */
import type * as grpc from "@grpc/grpc-js";
import * as plugin from "@pulumi/pulumi/proto/plugin_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { CREATE_IDENTITY_INPUT, withoutCreateIdentity } from "../fields/create-identity";
import { cancelEverything } from "../http/cancellation";
import type { ConfigSource } from "../resource/config";
import { isPlainCallsValue, keptSecretKeys, PLAIN_CALLS_CONFIG } from "../resource/plain-calls";
import { configSourceOf } from "./configure-settings";
import { warnOn } from "./engine-log";
import { invokeFunction } from "./functions";
import { errorForEngine } from "./grpc-errors";
import type { PlainRequest } from "./plain-requests";
import { PlainResponse } from "./plain-responses";
import { scrubbedError, scrubMarked, withMarkedProperties } from "./program-secrets";
import { type PluginResource, RESOURCES } from "./resources";
import { packageSchema, tokenOf } from "./schema";
import { emptyPb } from "./sdk-modules";
import { markSecrets, reveal, secretKeysIn } from "./secret-wire";
import { propsOf, structOf } from "./struct";
import { noteCheck, noteCreate, refuseTargetedReplace } from "./targeted-replace";

type Props = Record<string, unknown>;
type Unary<Req, Res> = (call: grpc.ServerUnaryCall<Req, Res>, callback: grpc.sendUnaryData<Res>) => void;

/** A unary handler from an async function; a thrown error becomes the gRPC error the engine shows. */
function unary<Req, Res>(handle: (request: Req) => Promise<Res> | Res): Unary<Req, Res> {
  return (call, callback) => {
    Promise.resolve()
      .then(() => handle(call.request))
      .then(
        (response) => callback(null, response),
        (error: unknown) => {
          const failure = errorForEngine(scrubbedError(error));
          callback(failure, null, failure.metadata);
        },
      )
      // Answering itself failed: say so on stderr (the engine shows it) rather than end the process.
      .catch((error: unknown) => console.error(`pulumi-resource-ultravox: ${String(error)}`));
  };
}

/** The resource a request is for: the engine names its type in Check and Create, and in every URN. */
function resourceFor(req: PlainRequest): PluginResource {
  // urn:pulumi:<stack>::<project>::<type>::<name> (a parent's type may come first, joined by `$`).
  const type = req.type || (req.urn.split("::")[2]?.split("$").pop() ?? "");
  const resource = RESOURCES.find((candidate) => tokenOf(candidate.definition) === type);
  if (resource === undefined) throw new Error(`unknown resource type ${type}`);
  return resource;
}

export function providerService(version: string): grpc.UntypedServiceImplementation {
  const schema = JSON.stringify(packageSchema(version));
  let invokeConfig: ConfigSource | undefined; // Configure's, for the functions (invokes)
  let plainCalls = false; // `ultravox:plainCalls`: personal data stored as plain text
  return {
    getPluginInfo: unary(() => new plugin.PluginInfo().setVersion(version)),
    getSchema: unary(() => new proto.GetSchemaResponse().setSchema(schema)),
    // The engine's Cancel (Ctrl-C): retry waits end and no new request starts (http/cancellation.ts).
    cancel: unary(() => {
      cancelEverything();
      return new emptyPb.Empty();
    }),

    checkConfig: unary((req: proto.CheckRequest) => new proto.CheckResponse().setInputs(req.getNews())),
    // A changed key or URL applies to the next operation; no resource is replaced for it.
    diffConfig: unary((req: proto.DiffRequest) => {
      const changed = JSON.stringify(propsOf(req.getOlds())) !== JSON.stringify(propsOf(req.getNews()));
      const changes = changed
        ? proto.DiffResponse.DiffChanges.DIFF_SOME
        : proto.DiffResponse.DiffChanges.DIFF_NONE;
      return new proto.DiffResponse().setChanges(changes);
    }),
    configure: unary(async (req: proto.ConfigureRequest) => {
      const config = configSourceOf(req);
      invokeConfig = config;
      plainCalls = isPlainCallsValue(config.get(PLAIN_CALLS_CONFIG));
      for (const { lifecycle } of RESOURCES) lifecycle.configure(config);
      return new proto.ConfigureResponse().setAcceptsecrets(true).setSupportspreview(false);
    }),

    // Functions (`fn::invoke`): functions.ts; secrets in the answer stay marked.
    invoke: unary(async (req: proto.InvokeRequest) => {
      const answer = await invokeFunction(req.getTok(), propsOf(req.getArgs()), invokeConfig);
      return new proto.InvokeResponse().setReturn(structOf(answer));
    }),

    // The resource methods take their requests as plain props (plain-requests.ts; main.ts registers it).
    check: unary(async (req: PlainRequest) => {
      const { definition, lifecycle } = resourceFor(req);
      noteCheck(req.urn, req.olds, req.news);
      const result = await lifecycle.check(reveal(req.olds) as Props, reveal(req.news) as Props);
      const response = new proto.CheckResponse().setFailuresList(
        result.failures.map((f) =>
          new proto.CheckFailure().setProperty(f.property).setReason(scrubMarked(f.reason)),
        ),
      );
      const inputs = markSecrets(
        keptSecretKeys(definition, plainCalls),
        result.inputs,
        secretKeysIn(definition, req.news),
      );
      return new PlainResponse(response, { 1: inputs });
    }),

    diff: unary(async (req: PlainRequest) => {
      const { lifecycle } = resourceFor(req);
      const olds = reveal(req.olds) as Props;
      const news = reveal(req.news) as Props;
      const result = await lifecycle.diff(req.id, olds, news, req.ignoreChanges);
      // Warnings (a pause is permanent) show against the resource, in preview and up alike.
      for (const warning of result.warnings) await warnOn(req.urn, warning);
      const response = new proto.DiffResponse()
        .setChanges(
          result.changes
            ? proto.DiffResponse.DiffChanges.DIFF_SOME
            : proto.DiffResponse.DiffChanges.DIFF_NONE,
        )
        .setReplacesList(result.replaces)
        .setDeletebeforereplace(result.deleteBeforeReplace);
      // Which fields the change touches, so the CLI shows `[diff: ~paused]` and no more.
      return result.changes ? response.setDiffsList(result.changedFields) : response;
    }),

    create: unary(async (req: PlainRequest) => {
      const { definition, lifecycle } = resourceFor(req);
      noteCreate(req.urn);
      const programSecret = secretKeysIn(definition, req.properties);
      // The URN names the resource: its create token is derived from it (fields/create-identity.ts).
      const inputs = { ...(reveal(req.properties) as Props), [CREATE_IDENTITY_INPUT]: req.urn };
      const result = await lifecycle
        .create(inputs)
        .catch((error: unknown) =>
          Promise.reject(withMarkedProperties(error, keptSecretKeys(definition, plainCalls), programSecret)),
        );
      const outs = markSecrets(
        keptSecretKeys(definition, plainCalls),
        withoutCreateIdentity(result.outs),
        programSecret,
      );
      return new PlainResponse(new proto.CreateResponse().setId(result.id), { 2: outs });
    }),

    read: unary(async (req: PlainRequest) => {
      const { definition, lifecycle, importResource } = resourceFor(req);
      const props = reveal(req.properties) as Props;
      const inputs = reveal(req.inputs) as Props;
      const keep = [...secretKeysIn(definition, req.inputs), ...secretKeysIn(definition, req.properties)];
      if (Object.keys(props).length === 0) {
        const imported = await importResource(req.id, inputs);
        return new PlainResponse(new proto.ReadResponse().setId(imported.id), {
          2: markSecrets(keptSecretKeys(definition, plainCalls), imported.props),
          3: markSecrets(keptSecretKeys(definition, plainCalls), imported.inputs),
        });
      }
      const result = await lifecycle.read(req.id, props);
      const response = new proto.ReadResponse().setId(result.id);
      if (!result.id) return response; // gone: the engine drops it from state
      // State the dynamic resource wrote (a door move) may hold its hidden identity: not the plugin's.
      const structs: Record<number, Props> = {
        2: markSecrets(keptSecretKeys(definition, plainCalls), withoutCreateIdentity(result.props), keep),
      };
      if (result.inputs) {
        structs[3] = markSecrets(
          keptSecretKeys(definition, plainCalls),
          withoutCreateIdentity(result.inputs),
          keep,
        );
      }
      return new PlainResponse(response, structs);
    }),

    update: unary(async (req: PlainRequest) => {
      const { definition, lifecycle } = resourceFor(req);
      const programSecret = secretKeysIn(definition, req.news);
      const result = await lifecycle
        .update(req.id, reveal(req.olds) as Props, reveal(req.news) as Props)
        .catch((error: unknown) =>
          Promise.reject(withMarkedProperties(error, keptSecretKeys(definition, plainCalls), programSecret)),
        );
      return new PlainResponse(new proto.UpdateResponse(), {
        1: markSecrets(keptSecretKeys(definition, plainCalls), result.outs, programSecret),
      });
    }),

    delete: unary(async (req: PlainRequest) => {
      const { definition, lifecycle } = resourceFor(req);
      refuseTargetedReplace(definition, req.urn, req.id, reveal(req.properties) as Props);
      await lifecycle.delete(req.id, reveal(req.properties) as Props);
      return new emptyPb.Empty();
    }),
  };
}
