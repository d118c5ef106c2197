import { describe, expect, it } from "vitest";
import { callFromListing } from "../../src/batch/call-fields";
import { callInputSchema } from "../../src/batch/schema";

describe("callFromListing", () => {
  it("leaves out the nulls a listing writes for unset medium fields, so `pulumi import` prints a valid call", () => {
    const listed = {
      callId: "c-1",
      medium: {
        webRtc: null,
        sip: null,
        twilio: {
          outgoing: { to: "+14155550123", from: "+14155550199", additionalParams: null },
          dtmfHandling: null,
        },
      },
      metadata: { customer: "c-1" },
      templateContext: { note: null },
    };
    const call = callFromListing(listed);
    expect(call).toEqual({
      medium: { twilio: { outgoing: { to: "+14155550123", from: "+14155550199" } } },
      metadata: { customer: "c-1" },
      // The program's own data keeps its nulls.
      templateContext: { note: null },
    });
    expect(callInputSchema.safeParse(call).success).toBe(true);
  });
});
