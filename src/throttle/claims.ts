/** Which throttles resources of this provider process (one `pulumi up`) already own (fields/claims.ts). */
import { Claims } from "../fields/claims";

export const throttleClaims = new Claims();
