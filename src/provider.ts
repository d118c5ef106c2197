import type * as pulumi from "@pulumi/pulumi";
import type * as lifecycle from "./lifecycle";

/**
 * The object Pulumi serializes into every ScheduledBatch's state (`__provider`).
 *
 * Each method loads the implementation by package name at call time, so the serialized text is a
 * few hundred bytes, holds no secrets or machine paths, is the same on every machine and version,
 * and a fixed `read`/`delete` takes effect at once (the engine runs the stored text for those).
 * Keep this file free of module-scope state and imports that run: the serializer would capture them.
 */
export const scheduledBatchProvider: pulumi.dynamic.ResourceProvider = {
  configure(req) {
    return (require("pulumi-ultravox/lifecycle") as typeof lifecycle).configure(req);
  },
  check(olds, news) {
    return (require("pulumi-ultravox/lifecycle") as typeof lifecycle).check(olds, news);
  },
  diff(id, olds, news) {
    return (require("pulumi-ultravox/lifecycle") as typeof lifecycle).diff(id, olds, news);
  },
  create(inputs) {
    return (require("pulumi-ultravox/lifecycle") as typeof lifecycle).create(inputs);
  },
  read(id, props) {
    return (require("pulumi-ultravox/lifecycle") as typeof lifecycle).read(id, props);
  },
  update(id, olds, news) {
    return (require("pulumi-ultravox/lifecycle") as typeof lifecycle).update(id, olds, news);
  },
  delete(id, props) {
    return (require("pulumi-ultravox/lifecycle") as typeof lifecycle).delete(id, props);
  },
};
