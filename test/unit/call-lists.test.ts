import { describe, expect, it } from "vitest";
import { sameCallLists } from "../../src/batch/call-lists";
import { PROVIDER_METADATA_PREFIX } from "../../src/batch/create-token";
import { CALLER, PHONE } from "../fixtures";

/** The one comparison of a program's calls with the calls the service lists. */

const twilio = (to: string) => ({ medium: { twilio: { outgoing: { to, from: CALLER } } } });
const sip = (password?: unknown) => ({
  medium: { sip: { outgoing: { to: "sip:ada@sip.example.com", username: "ada", password } } },
});

/** A call as `/scheduled_calls` lists it: the listing's own fields, unset fields as null. */
function listed(call: Record<string, unknown>, extra: Record<string, unknown> = {}) {
  return {
    status: "FUTURE",
    batchId: "b",
    callId: null,
    error: null,
    medium: null,
    metadata: null,
    templateContext: null,
    experimentalSettings: null,
    ...call,
    ...extra,
  };
}

const PROGRAM: Record<string, unknown>[] = [
  { ...twilio(PHONE), metadata: { customer: "c-1" } },
  { ...twilio("+14155550124"), templateContext: { name: "Grace" } },
  sip("pw-one"),
];

describe("sameCallLists", () => {
  it("matches the same calls listed in another order", () => {
    expect(
      sameCallLists(
        PROGRAM,
        [...PROGRAM].reverse().map((call) => listed(call)),
      ),
    ).toBe(true);
  });

  it.each([
    ["absent", undefined],
    ["empty", ""],
    ["masked with stars", "****"],
    ["masked as [redacted]", "[redacted]"],
  ])("matches a listed password that is %s", (_name, shown) => {
    const listing = [listed(PROGRAM[0]!), listed(PROGRAM[1]!), listed(sip(shown))];
    expect(sameCallLists(PROGRAM, listing)).toBe(true);
  });

  it("does not match a listed password that is another real one", () => {
    const listing = [listed(PROGRAM[0]!), listed(PROGRAM[1]!), listed(sip("pw-two"))];
    expect(sameCallLists(PROGRAM, listing)).toBe(false);
  });

  it("hides only the SIP password: a `password` in templateContext is the program's data", () => {
    const program = [{ ...sip("pw-one"), templateContext: { password: "open-sesame" } }];
    expect(sameCallLists(program, [listed({ ...sip("****"), templateContext: { password: "" } })])).toBe(
      false,
    );
    expect(
      sameCallLists(program, [listed({ ...sip("****"), templateContext: { password: "open-sesame" } })]),
    ).toBe(true);
  });

  it("pairs hidden passwords with whichever calls are left", () => {
    const program = [sip("pw-one"), sip("pw-two")];
    expect(sameCallLists(program, [listed(sip("****")), listed(sip("pw-one"))])).toBe(true);
    expect(sameCallLists(program, [listed(sip("pw-two")), listed(sip("pw-two"))])).toBe(false);
  });

  it("treats null like absent at every depth, and {} like absent", () => {
    const program = [{ medium: { twilio: { outgoing: { to: PHONE, from: CALLER } } } }];
    const listing = [
      listed({
        medium: {
          twilio: { outgoing: { to: PHONE, from: CALLER, additionalParams: null }, dtmfHandling: null },
          webRtc: null,
        },
        metadata: {},
        templateContext: null,
      }),
    ];
    expect(sameCallLists(program, listing)).toBe(true);
  });

  it("ignores the listing's own fields, experimentalSettings and the provider's metadata keys", () => {
    const listing = PROGRAM.map((call, i) =>
      listed(
        { ...call, metadata: { ...(call.metadata ?? {}), [`${PROVIDER_METADATA_PREFIX}token`]: `t-${i}` } },
        { callId: `call-${i}`, status: "SUCCESS", experimentalSettings: { added: true }, newField: 1 },
      ),
    );
    expect(sameCallLists(PROGRAM, listing)).toBe(true);
  });

  it('ignores medium fields the schema does not know, and "" there, but not the program\'s data', () => {
    const program = [
      { medium: { twilio: { outgoing: { to: PHONE, from: CALLER, additionalParams: { a: "1" } } } } },
    ];
    const added = { to: PHONE, from: CALLER, additionalParams: { a: "1" }, region: "us1" };
    expect(
      sameCallLists(program, [listed({ medium: { twilio: { outgoing: added }, extraMedium: null } })]),
    ).toBe(true);
    const sipProgram = [{ medium: { sip: { outgoing: { to: "sip:ada@sip.example.com" } } } }];
    const sipListed = {
      medium: { sip: { outgoing: { to: "sip:ada@sip.example.com", username: "", from: "" } } },
    };
    expect(sameCallLists(sipProgram, [listed(sipListed)])).toBe(true);
    const params = { ...added, additionalParams: { a: "2" } };
    expect(sameCallLists(program, [listed({ medium: { twilio: { outgoing: params } } })])).toBe(false);
    const context = [{ ...program[0], templateContext: { name: "Ada" } }];
    expect(
      sameCallLists(context, [listed({ ...program[0], templateContext: { name: "Ada", extra: "x" } })]),
    ).toBe(false);
  });

  it("compares as multisets: counts of equal calls matter", () => {
    const a = twilio(PHONE);
    const b = twilio("+14155550124");
    expect(sameCallLists([a, a, b], [listed(a), listed(b), listed(b)])).toBe(false);
    expect(sameCallLists([a, a, b], [listed(b), listed(a), listed(a)])).toBe(true);
    expect(sameCallLists([a, b], [listed(a)])).toBe(false);
  });

  it("does not match a call whose number, metadata or context differs", () => {
    const [first, second, third] = PROGRAM as [Record<string, unknown>, Record<string, unknown>, unknown];
    expect(
      sameCallLists(PROGRAM, [listed(twilio("+14155550199")), listed(second), listed(third as never)]),
    ).toBe(false);
    expect(
      sameCallLists(PROGRAM, [
        listed({ ...first, metadata: { customer: "c-2" } }),
        listed(second),
        listed(third as never),
      ]),
    ).toBe(false);
    expect(
      sameCallLists(PROGRAM, [
        listed(first),
        listed({ ...second, templateContext: { name: "Ada" } }),
        listed(third as never),
      ]),
    ).toBe(false);
  });
});

describe("one call", () => {
  it("a listed call with nulls and a hidden password is the program's; another password is not", () => {
    expect(sameCallLists([sip("pw-one")], [listed(sip(null))])).toBe(true);
    expect(sameCallLists([sip("pw-one")], [listed(sip("pw-two"))])).toBe(false);
  });
});
