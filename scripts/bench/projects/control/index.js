// A dynamic resource as trivial as one can be, holding the same `calls` generated calls as the
// batch project as a plain nested input: no check, no request; diff reports a change only when
// webhookUrl differs, and update echoes the inputs. It measures what the engine costs for the list.
const pulumi = require("@pulumi/pulumi");
const generatedCalls = require("../generated-calls");

const config = new pulumi.Config();
const count = Number(config.require("calls"));

const calls = generatedCalls(count);

const provider = {
  create: async (inputs) => ({ id: "control", outs: inputs }),
  diff: async (_id, olds, news) => ({ changes: olds.webhookUrl !== news.webhookUrl }),
  update: async (_id, _olds, news) => ({ outs: news }),
};

new pulumi.dynamic.Resource(
  provider,
  "big",
  { webhookUrl: config.require("webhookUrl"), calls },
  undefined,
  "bench",
  "Control",
);
