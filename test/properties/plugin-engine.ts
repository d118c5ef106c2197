/**
 * Drives the provider plugin (`bin/pulumi-resource-ultravox`, this repo's build, as its own
 * process) over gRPC the way the engine does: a program's inputs in program form (calls as a list,
 * the webhook secret marked secret as the schema makes SDKs do), Check then Create, Read, Diff,
 * Update, Delete, state kept as the structs the plugin returned (secrets still marked), and an
 * error carrying ErrorResourceInitFailed recorded as a partial failure.
 */
import type { ServiceError } from "@grpc/grpc-js";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import * as status from "@pulumi/pulumi/proto/status_pb";
import { call, type Props, props, type RunningPlugin, SECRET_SIG, struct } from "../plugin/plugin-process";

const TYPE = "ultravox:index:ScheduledBatch";
const URN = `urn:pulumi:props::project::${TYPE}::campaign`;

export interface PluginState {
  id: string;
  outputs: Props;
  inputs: Props;
}

export interface PluginStep {
  state: PluginState | undefined;
  error?: Error;
  /** Diff's answer, when the step diffed. */
  diff?: { changes: boolean; fields: string[] };
}

/** Secret fields wrapped as the engine wraps them. */
export function asSecret(value: unknown): Props {
  return { ...SECRET_SIG, value };
}

/** The program as an SDK sends it: the webhook secret marked secret (the schema says so). */
function programInputs(program: Props): Props {
  const out = { ...program };
  if (typeof out.webhookSecret === "string") out.webhookSecret = asSecret(out.webhookSecret);
  return JSON.parse(JSON.stringify(out)) as Props;
}

export class PluginEngine {
  constructor(private readonly plugin: RunningPlugin) {}

  private get client() {
    return this.plugin.client;
  }

  async check(program: Props, olds: Props = {}): Promise<Props> {
    const request = new proto.CheckRequest()
      .setUrn(URN)
      .setType(TYPE)
      .setOlds(struct(olds))
      .setNews(struct(programInputs(program)));
    const response = await call<proto.CheckRequest, proto.CheckResponse>(
      this.client.check,
      this.client,
      request,
    );
    const failures = response.getFailuresList().map((f) => `${f.getProperty()}: ${f.getReason()}`);
    if (failures.length > 0) throw new Error(`check failed: ${failures.join("; ")}`);
    return props(response.getInputs());
  }

  async diff(state: PluginState, news: Props): Promise<{ changes: boolean; fields: string[] }> {
    const request = new proto.DiffRequest()
      .setId(state.id)
      .setUrn(URN)
      .setType(TYPE)
      .setOlds(struct(state.outputs))
      .setNews(struct(news));
    const response = await call<proto.DiffRequest, proto.DiffResponse>(
      this.client.diff,
      this.client,
      request,
    );
    return {
      changes: response.getChanges() === proto.DiffResponse.DiffChanges.DIFF_SOME,
      fields: response.getDiffsList(),
    };
  }

  /** `pulumi up` for the resource: Check, then Create, or Diff and (on a change) Update. */
  async up(program: Props, state?: PluginState): Promise<PluginStep> {
    const news = await this.check(program, state?.inputs);
    if (state === undefined) {
      const request = new proto.CreateRequest().setUrn(URN).setType(TYPE).setProperties(struct(news));
      try {
        const response = await call<proto.CreateRequest, proto.CreateResponse>(
          this.client.create,
          this.client,
          request,
        );
        return { state: { id: response.getId(), outputs: props(response.getProperties()), inputs: news } };
      } catch (error) {
        return { state: recorded(error, news), error: asError(error) };
      }
    }
    const diff = await this.diff(state, news);
    if (!diff.changes) return { state: { ...state, inputs: news }, diff };
    const request = new proto.UpdateRequest()
      .setId(state.id)
      .setUrn(URN)
      .setType(TYPE)
      .setOlds(struct(state.outputs))
      .setNews(struct(news));
    try {
      const response = await call<proto.UpdateRequest, proto.UpdateResponse>(
        this.client.update,
        this.client,
        request,
      );
      return { state: { id: state.id, outputs: props(response.getProperties()), inputs: news }, diff };
    } catch (error) {
      return { state: recorded(error, news) ?? state, error: asError(error), diff };
    }
  }

  /** `pulumi refresh`: Read with the stored outputs and inputs; undefined when the plugin reports it gone. */
  async refresh(state: PluginState): Promise<PluginState | undefined> {
    const request = new proto.ReadRequest()
      .setId(state.id)
      .setUrn(URN)
      .setType(TYPE)
      .setProperties(struct(state.outputs))
      .setInputs(struct(state.inputs));
    const response = await call<proto.ReadRequest, proto.ReadResponse>(
      this.client.read,
      this.client,
      request,
    );
    if (response.getId() === "") return undefined;
    const inputs = response.getInputs();
    return {
      id: response.getId(),
      outputs: props(response.getProperties()),
      inputs: inputs === undefined ? state.inputs : props(inputs),
    };
  }

  async destroy(state: PluginState): Promise<void> {
    const request = new proto.DeleteRequest()
      .setId(state.id)
      .setUrn(URN)
      .setType(TYPE)
      .setProperties(struct(state.outputs));
    await call(this.client.delete, this.client, request);
  }
}

/** What the engine records for an error carrying ErrorResourceInitFailed (id and properties). */
function recorded(error: unknown, inputs: Props): PluginState | undefined {
  const metadata = (error as ServiceError).metadata;
  const [details] = (metadata?.get("grpc-status-details-bin") ?? []) as Buffer[];
  if (details === undefined) return undefined;
  for (const packed of status.Status.deserializeBinary(details).getDetailsList()) {
    const init = packed.unpack(
      proto.ErrorResourceInitFailed.deserializeBinary,
      "pulumirpc.ErrorResourceInitFailed",
    );
    if (init && init.getId() !== "")
      return { id: init.getId(), outputs: props(init.getProperties()), inputs };
  }
  return undefined;
}

function asError(error: unknown): Error {
  if (error instanceof Error) return new Error((error as ServiceError).details ?? error.message);
  return new Error(String(error));
}
