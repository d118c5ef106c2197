/**
 * Every field of an agent (`/api/agents`, OpenAPI `Agent`), declared once with what it means
 * (fields/spec.ts). An agent is a name and a call template: the prompt, voice, model and template
 * variables every call of its batches speaks. `callTemplate` holds the writable fields of
 * `ultravox.v1.CallTemplate`, named as the API names them.
 */
import { z } from "zod";
import type { InputFieldSpec, OutputFieldSpec } from "../fields/spec";
import { templateSecrets, templateSecretsApart } from "./template-secrets";

/** A protobuf duration as the API writes one: `"30s"`, `"1.5s"`. */
const duration = z.string().regex(/^(?:0|[1-9][0-9]{0,11})(?:\.[0-9]{1,9})?s$/, {
  message: 'must be a duration in seconds, like "30s"',
});
/** An object the API describes elsewhere (a medium, a tool): passed through as written. */
const apiObject = z.record(z.string(), z.unknown());

/** The writable fields of `ultravox.v1.CallTemplate` (`created` and `updated` are the service's). */
const callTemplateSchema = z.strictObject({
  name: z.string().optional(),
  medium: apiObject.optional(),
  initialOutputMedium: z
    .enum(["MESSAGE_MEDIUM_UNSPECIFIED", "MESSAGE_MEDIUM_VOICE", "MESSAGE_MEDIUM_TEXT"])
    .optional(),
  joinTimeout: duration.optional(),
  maxDuration: duration.optional(),
  vadSettings: apiObject.optional(),
  recordingEnabled: z.boolean().optional(),
  firstSpeakerSettings: apiObject.optional(),
  systemPrompt: z.string().optional(),
  temperature: z
    .number()
    .min(0, { message: "must be between 0 and 1" })
    .max(1, { message: "must be between 0 and 1" })
    .optional(),
  model: z.string().min(1, { message: "must not be empty" }).optional(),
  voice: z.string().min(1, { message: "must not be empty" }).optional(),
  externalVoice: apiObject.optional(),
  voiceOverrides: apiObject.optional(),
  languageHint: z.string().optional(),
  timeExceededMessage: z.string().optional(),
  inactivityMessages: z.array(apiObject).optional(),
  selectedTools: z.array(apiObject).optional(),
  dataConnection: apiObject.optional(),
  contextSchema: apiObject.optional(),
  sharedSecrets: z.array(z.string()).optional(),
  retentionPolicy: z
    .enum([
      "CALL_RETENTION_POLICY_UNSPECIFIED",
      "CALL_RETENTION_POLICY_RETAIN",
      "CALL_RETENTION_POLICY_AUTO_DELETE",
    ])
    .optional(),
});

/** Names inside a call template, for "did you mean" hints. */
export const CALL_TEMPLATE_NAMES = Object.keys(callTemplateSchema.shape);

export const INPUT_FIELDS = {
  name: {
    description: "The agent's name (at most 64 characters).",
    schema: z
      .string()
      .min(1, { message: "must not be empty" })
      .max(64, { message: "must be at most 64 characters long" }),
    stored: z.string(),
    wire: "body",
  },
  callTemplate: {
    description:
      "What every call of the agent speaks: the writable fields of the API's `ultravox.v1.CallTemplate` " +
      "(`systemPrompt`, `temperature`, `model`, `voice`, `languageHint`, `selectedTools`, `contextSchema`, ...), " +
      "named as the API names them. Sent whole when any part of it changes (the API does not say whether a " +
      "partial template is merged or replaces the template). Its `sharedSecrets` and tools' `authTokens` are kept " +
      "secret in state (as `$secret:<n>` placeholders, with the values in the secret `callTemplateSecrets`).",
    schema: callTemplateSchema.optional(),
    // `created` and `updated` are the service's own: never read back as inputs.
    stored: z
      .record(z.string(), z.unknown())
      .transform(({ created: _created, updated: _updated, ...writable }) => writable)
      .optional(),
    wire: "body",
    // No template is an empty one: the service's defaults throughout.
    default: {},
    serverFillsKeys: true,
    // Shared secrets and tool auth tokens: secret in state as placeholders plus `callTemplateSecrets`.
    nestedSecrets: templateSecrets,
    engine: templateSecretsApart,
    typeName: "AgentCallTemplate",
  },
} as const satisfies Record<string, InputFieldSpec>;

export const OUTPUT_FIELDS = {
  agentId: {
    description: "The agent id the service assigned (also the resource id); a batch's `agentId`.",
    schema: z.string().min(1),
    source: "response",
  },
  publishedRevisionId: {
    description: "The agent's published revision, as the service reports it (may be empty).",
    schema: z.string().optional(),
    source: "response",
  },
  created: { description: "When the service created the agent.", schema: z.string(), source: "response" },
  stateVersion: {
    description: "The representation of the stored state (for migrations).",
    schema: z.number().int().positive(),
    source: "provider",
  },
} as const satisfies Record<string, OutputFieldSpec>;
