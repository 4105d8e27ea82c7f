import { describe, expect, it } from "vitest";
import { cspDirectives, hashCsp, newNonce, nonceCsp } from "./csp";

describe("CSP builder", () => {
  it("allows scripts only by nonce or hash, never unsafe-inline, and locks down the rest", () => {
    for (const csp of [nonceCsp("abc123"), hashCsp(["q1w2e3"])]) {
      const script = /script-src ([^;]*)/.exec(csp)![1]!;
      expect(script).not.toContain("unsafe-inline");
      expect(script).not.toContain("unsafe-eval");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("base-uri 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
    }
    expect(nonceCsp("abc123")).toContain("'nonce-abc123'");
    expect(hashCsp(["q1w2e3"])).toContain("'sha256-q1w2e3'");
  });

  it("shares one directive set between the nonce and the hash policies", () => {
    const a = cspDirectives({ scriptSources: ["'nonce-x'"] });
    const b = cspDirectives({ scriptSources: ["'sha256-y'"] });
    expect(Object.keys(a)).toEqual(Object.keys(b));
    expect({ ...a, "script-src": [] }).toEqual({ ...b, "script-src": [] });
  });

  it("makes unguessable nonces", () => {
    const nonces = new Set(Array.from({ length: 1000 }, newNonce));
    expect(nonces.size).toBe(1000);
    expect(Buffer.from([...nonces][0]!, "base64")).toHaveLength(16);
  });
});
