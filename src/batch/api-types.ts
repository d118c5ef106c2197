/**
 * Response shapes of the Ultravox scheduled-batch endpoints, as the client accepts them.
 * Tolerant on purpose: fields the API may omit are optional and nullable; unknown keys are stripped.
 */
import { z } from "zod";
import { PATH_ID } from "../http/endpoint-urls";

const optionalText = z.string().nullish();

export const batchResponseSchema = z.object({
  // An id the client could not put in a path (`..`, `a/b`) is refused on the way in, not recorded.
  batchId: z.string().regex(PATH_ID, "not a valid batch id"),
  created: z.string(),
  totalCount: z.number(),
  completedCount: z.number(),
  endedAt: optionalText,
  windowStart: optionalText,
  windowEnd: optionalText,
  throttle: optionalText,
  webhookUrl: optionalText,
  webhookSecret: optionalText,
  paused: z.boolean().nullish(),
});

export type BatchResponse = z.infer<typeof batchResponseSchema>;

/** DRF cursor pagination envelope; only `results` is required. */
export const pageSchema = z.object({
  results: z.array(z.unknown()),
  next: z.string().nullish(),
});

export const scheduledCallSchema = z.record(z.string(), z.unknown());
