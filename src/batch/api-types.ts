/**
 * Response shapes of the Ultravox scheduled-batch endpoints, as the client accepts them. The
 * batch's own shape is derived from its field table (fields/response-schema.ts).
 */
import { z } from "zod";

export { type BatchResponse, batchResponseSchema } from "./core";

export const scheduledCallSchema = z.record(z.string(), z.unknown());
