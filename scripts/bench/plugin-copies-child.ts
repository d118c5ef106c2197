/**
 * Run by plugin-copies.ts in a fresh Node.js process (with --expose-gc): the plugin's work for one
 * batch of N calls, step by step, printing after each step how far the process's resident
 * high-water mark (VmHWM) has risen. `setup` writes the engine's Check and Diff requests as bytes;
 * `plain` runs today's plugin code on them (with the V8 flag bin/pulumi-resource-ultravox sets);
 * `classes` decodes and answers with the generated protocol classes, as the plugin did before (plain-requests.ts, plain-responses.ts).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as v8 from "node:v8";
import * as proto from "@pulumi/pulumi/proto/provider_pb";
import { decodeRequest } from "../../src/plugin/plain-requests";
import { encodeResponse, PlainResponse } from "../../src/plugin/plain-responses";
import { structPb } from "../../src/plugin/sdk-modules";
import { markSecrets, reveal, secretKeysIn } from "../../src/plugin/secret-wire";
import { structOf } from "../../src/plugin/struct";
import * as lifecycle from "../../src/provider/batch-lifecycle";

const generatedCalls: (count: number) => unknown[] = require("./projects/generated-calls.js");

type Props = Record<string, unknown>;
const [mode, dir, count] = process.argv.slice(2) as [string, string, string];
const gc = (globalThis as { gc?: () => void }).gc as () => void;
const highWater = () =>
  Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync("/proc/self/status", "utf8"))?.[1]) * 1024;
const struct = (props: Props) =>
  structPb.Struct.fromJavaScript(props as Parameters<typeof structPb.Struct.fromJavaScript>[0]);

const BATCH = {
  agentId: "11111111-2222-4333-8444-555555555555",
  windowStart: "2031-03-01T09:00:00Z",
  windowEnd: "2031-03-02T17:00:00Z",
  webhookUrl: "https://hooks.example.com/ultravox/a",
};

async function setup(): Promise<void> {
  const news = { ...BATCH, calls: generatedCalls(Number(count)) };
  const checked = (await lifecycle.check({}, news)).inputs as Props;
  const outputs = { ...checked, batchId: "b", totalCount: Number(count), completedCount: 0, stateVersion: 3 };
  const check = new proto.CheckRequest().setNews(struct(news)).setType("ultravox:index:ScheduledBatch");
  const diff = new proto.DiffRequest().setId("b").setOlds(struct(outputs)).setNews(struct(checked));
  fs.writeFileSync(path.join(dir, "check.bin"), check.serializeBinary());
  fs.writeFileSync(path.join(dir, "diff.bin"), diff.serializeBinary());
}

async function measure(): Promise<void> {
  const plain = mode === "plain";
  // As bin/pulumi-resource-ultravox starts the plugin today.
  if (plain) v8.setFlagsFromString("--optimize-for-size");
  const checkBytes = fs.readFileSync(path.join(dir, "check.bin"));
  const diffBytes = fs.readFileSync(path.join(dir, "diff.bin"));
  gc();
  const start = highWater();
  const step = async (name: string, work: () => unknown) => {
    const began = performance.now();
    await work();
    const ms = performance.now() - began;
    process.stdout.write(`${JSON.stringify({ step: name, riseBytes: highWater() - start, ms })}\n`);
  };
  let news: Props = {};
  let revealed: Props = {};
  let inputs: Props = {};
  await step("decode the Check request", () => {
    news = plain
      ? decodeRequest("check", checkBytes).news
      : ((proto.CheckRequest.deserializeBinary(checkBytes).getNews()?.toJavaScript() ?? {}) as Props);
  });
  await step("reveal secrets", () => {
    revealed = reveal(news) as Props;
  });
  await step("lifecycle.check", async () => {
    inputs = (await lifecycle.check({}, revealed)).inputs as Props;
  });
  await step("encode the Check response", () => {
    const marked = markSecrets(
      lifecycle.definition.secretKeys,
      inputs,
      secretKeysIn(lifecycle.definition, news),
    );
    return plain
      ? encodeResponse(new PlainResponse(new proto.CheckResponse(), { 1: marked }))
      : new proto.CheckResponse().setInputs(structOf(marked)).serializeBinary();
  });
  news = revealed = inputs = {};
  gc();
  await step("decode the Diff request, lifecycle.diff", async () => {
    const request = plain ? decodeRequest("diff", diffBytes) : proto.DiffRequest.deserializeBinary(diffBytes);
    const [olds, diffNews] =
      "olds" in request
        ? [request.olds, request.news]
        : [request.getOlds()?.toJavaScript() ?? {}, request.getNews()?.toJavaScript() ?? {}];
    await lifecycle.diff("b", reveal(olds) as Props, reveal(diffNews) as Props);
  });
}

process.env.ULTRAVOX_API_KEY = "bench-copies-key";
(mode === "setup" ? setup() : measure()).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
