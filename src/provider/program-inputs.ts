import type * as pulumi from "@pulumi/pulumi";

/** A value whose every part may be a `pulumi.Input` (e.g. a SIP password from secret config). */
export type DeepInput<T> = T extends (infer Item)[]
  ? pulumi.Input<DeepInput<Item>[]>
  : T extends Record<string, unknown>
    ? pulumi.Input<{ [K in keyof T]: DeepInput<T[K]> }>
    : pulumi.Input<T>;

/**
 * A resource's program inputs from its canonical args (a table's `ArgsOf`): each field required
 * exactly when its schema requires it, and any part of it a `pulumi.Input`. What each field means
 * is its entry's description (README's generated tables).
 */
export type ProgramInputs<Args> = {
  [K in keyof Args as undefined extends Args[K] ? never : K]: DeepInput<Args[K]>;
} & {
  [K in keyof Args as undefined extends Args[K] ? K : never]?: DeepInput<NonNullable<Args[K]>>;
};
