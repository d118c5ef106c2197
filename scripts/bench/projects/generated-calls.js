// The calls every scale project declares: `count` generated calls (webRtc, so the webhook is
// required), the size of a typical CRM export row (~140 B each). `vip`: the index of one call whose
// segment is "vip". scripts/bench/scale.ts computes the payload size from the same shape.
module.exports = function generatedCalls(count, vip) {
  const calls = [];
  for (let i = 0; i < count; i++) {
    const id = String(i).padStart(6, "0");
    calls.push({
      medium: { webRtc: {} },
      metadata: { customer: `cust-${id}`, segment: i === vip ? "vip" : i % 2 === 0 ? "renewal" : "winback" },
      templateContext: { firstName: `Name${id}`, plan: "pro" },
    });
  }
  return calls;
};
