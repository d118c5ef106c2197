// What a resource's routes tell the request pipeline (api-routes.ts): which methods a path serves
// and how to answer one, once auth, rate limit and body parsing have passed.
import type { EmulatorContext } from "./context";
import type { ApiResponse } from "./http-io";

export interface RouteRequest {
  method: string;
  url: URL;
  /** The parsed JSON body of a POST, PUT or PATCH ({} when none was sent); null otherwise. */
  body: unknown;
  /** The virtual now, with every batch already brought up to it. */
  nowMs: number;
}

export interface Route {
  /** Methods this path serves; any other gets a 405. */
  allowed: string[];
  /** False when the path exists but this account may not see it (404 after auth, as for a foreign agent). */
  visible: boolean;
  handle(ctx: EmulatorContext, req: RouteRequest): ApiResponse;
}
