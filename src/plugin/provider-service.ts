/**
 * The gRPC ResourceProvider service of `pulumi-resource-ultravox`: a thin door over each resource's
 * lifecycle (resources.ts), the same core the dynamic resource runs. It only translates: wire structs to props (secrets
 * revealed) and back (the table's secrets marked), config from Configure, and import ids.
 * @pulumi/pulumi/provider's own main() would ignore Configure's config, hence this service.
 */
import type * as grpc from "@grpc/grpc-js";
import * as plugin from "@pulumi/pulumi/proto/plugin_pb";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { changedFields } from "../fields/diff";
import { fromEngine } from "../fields/engine-form";
import { decodeStoredState } from "../fields/stored-state";
import type { ConfigSource } from "../provider/config";
import type { Lifecycle } from "../provider/lifecycle-type";
import { errorForEngine } from "./grpc-errors";
import { type PluginResource, RESOURCES } from "./resources";
import { packageSchema, tokenOf } from "./schema";
import { emptyPb } from "./sdk-modules";
import { markSecrets, reveal, secretKeysIn } from "./secret-wire";
import { propsOf, structOf } from "./struct";

type Props = Record<string, unknown>;
type ConfigureRequest = Parameters<Lifecycle["configure"]>[0];
type Unary<Req, Res> = (call: grpc.ServerUnaryCall<Req, Res>, callback: grpc.sendUnaryData<Res>) => void;

/** A unary handler from an async function; a thrown error becomes the gRPC error the engine shows. */
function unary<Req, Res>(handle: (request: Req) => Promise<Res> | Res): Unary<Req, Res> {
  return (call, callback) => {
    Promise.resolve()
      .then(() => handle(call.request))
      .then(
        (response) => callback(null, response),
        (error: unknown) => {
          const failure = errorForEngine(error);
          callback(failure, null, failure.metadata);
        },
      )
      // Answering itself failed: say so on stderr (the engine shows it) rather than end the process.
      .catch((error: unknown) => console.error(`pulumi-resource-ultravox: ${String(error)}`));
  };
}

/** The resource a request is for: the engine names its type in Check and Create, and in every URN. */
function resourceFor(req: { getUrn(): string; getType?(): string }): PluginResource {
  // urn:pulumi:<stack>::<project>::<type>::<name> (a parent's type may come first, joined by `$`).
  const type = req.getType?.() || (req.getUrn().split("::")[2]?.split("$").pop() ?? "");
  const resource = RESOURCES.find((candidate) => tokenOf(candidate.definition) === type);
  if (resource === undefined) throw new Error(`unknown resource type ${type}`);
  return resource;
}

/** Configure's variables (`ultravox:config:apiKey`) as the `ultravox:apiKey` keys config.ts reads. */
function configSource(variables: Map<string, string>): ConfigSource {
  return { get: (key) => variables.get(key.replace(/^([^:]+):/, "$1:config:")) };
}

export function providerService(version: string): grpc.UntypedServiceImplementation {
  const schema = JSON.stringify(packageSchema(version));
  return {
    getPluginInfo: unary(() => new plugin.PluginInfo().setVersion(version)),
    getSchema: unary(() => new proto.GetSchemaResponse().setSchema(schema)),
    cancel: unary(() => new emptyPb.Empty()),

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
      const variables = new Map(req.getVariablesMap().toArray() as [string, string][]);
      // lifecycle reads config through `get` only (config.ts ConfigSource).
      for (const { lifecycle } of RESOURCES) {
        await lifecycle.configure({ config: configSource(variables) } as unknown as ConfigureRequest);
      }
      return new proto.ConfigureResponse().setAcceptsecrets(true).setSupportspreview(false);
    }),

    check: unary(async (req: proto.CheckRequest) => {
      const { definition, lifecycle } = resourceFor(req);
      const news = propsOf(req.getNews());
      const result = await lifecycle.check(reveal(propsOf(req.getOlds())) as Props, reveal(news) as Props);
      const response = new proto.CheckResponse().setInputs(
        structOf(markSecrets(definition.secretKeys, result.inputs ?? {}, secretKeysIn(definition, news))),
      );
      return response.setFailuresList(
        (result.failures ?? []).map((f) =>
          new proto.CheckFailure().setProperty(f.property).setReason(f.reason),
        ),
      );
    }),

    diff: unary(async (req: proto.DiffRequest) => {
      const { definition, lifecycle } = resourceFor(req);
      const olds = reveal(propsOf(req.getOlds())) as Props;
      const news = reveal(propsOf(req.getNews())) as Props;
      const result = await lifecycle.diff(req.getId(), olds, news);
      const response = new proto.DiffResponse()
        .setChanges(
          result.changes
            ? proto.DiffResponse.DiffChanges.DIFF_SOME
            : proto.DiffResponse.DiffChanges.DIFF_NONE,
        )
        .setReplacesList(result.replaces ?? [])
        .setDeletebeforereplace(result.deleteBeforeReplace ?? false);
      if (!result.changes) return response;
      // Which fields the PATCH would carry, so the CLI shows `[diff: ~paused]` and no more.
      const fields = new Set([
        ...(result.replaces ?? []),
        ...changedFields(definition, decodeStoredState(definition, olds), fromEngine(definition, news).props),
      ]);
      return response.setDiffsList([...fields]);
    }),

    create: unary(async (req: proto.CreateRequest) => {
      const { definition, lifecycle } = resourceFor(req);
      const inputs = propsOf(req.getProperties());
      const result = await lifecycle.create(reveal(inputs) as Props);
      const outs = markSecrets(definition.secretKeys, result.outs as Props, secretKeysIn(definition, inputs));
      return new proto.CreateResponse().setId(result.id).setProperties(structOf(outs));
    }),

    read: unary(async (req: proto.ReadRequest) => {
      const { definition, lifecycle, importResource } = resourceFor(req);
      const props = reveal(propsOf(req.getProperties())) as Props;
      const inputs = reveal(propsOf(req.getInputs())) as Props;
      const keep = secretKeysIn(definition, propsOf(req.getInputs()));
      if (Object.keys(props).length === 0) {
        const imported = await importResource(req.getId(), inputs);
        return new proto.ReadResponse()
          .setId(imported.id)
          .setProperties(structOf(markSecrets(definition.secretKeys, imported.props)))
          .setInputs(structOf(markSecrets(definition.secretKeys, imported.inputs)));
      }
      const result = await lifecycle.read(req.getId(), props);
      const response = new proto.ReadResponse().setId(result.id ?? "");
      if (!result.id) return response; // gone: the engine drops it from state
      response.setProperties(structOf(markSecrets(definition.secretKeys, result.props as Props, keep)));
      if (result.inputs)
        response.setInputs(structOf(markSecrets(definition.secretKeys, result.inputs as Props, keep)));
      return response;
    }),

    update: unary(async (req: proto.UpdateRequest) => {
      const { definition, lifecycle } = resourceFor(req);
      const news = propsOf(req.getNews());
      const result = await lifecycle.update(
        req.getId(),
        reveal(propsOf(req.getOlds())) as Props,
        reveal(news) as Props,
      );
      return new proto.UpdateResponse().setProperties(
        structOf(
          markSecrets(definition.secretKeys, (result.outs ?? {}) as Props, secretKeysIn(definition, news)),
        ),
      );
    }),

    delete: unary(async (req: proto.DeleteRequest) => {
      const { lifecycle } = resourceFor(req);
      await lifecycle.delete(req.getId(), reveal(propsOf(req.getProperties())) as Props);
      return new emptyPb.Empty();
    }),
  };
}
