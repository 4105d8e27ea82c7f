import { describe, expect, it } from "vitest";
import { AFTER_SIGN_IN, safeRedirectPath } from "./safe-redirect";

const ORIGIN = "http://localhost:3000";

// Each of these, followed by a browser from a page on ORIGIN, leaves the site (or runs script).
const HOSTILE = [
  "//evil.example",
  "///evil.example",
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r/evil.example",
  "/\r\n/evil.example",
  "\t//evil.example",
  "\n//evil.example",
  "\u0000//evil.example",
  " //evil.example",
  "\u000c//evil.example",
  "\t\n //evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "\\/evil.example",
  "/\\/evil.example",
  "\\\t\\evil.example",
  "/.//evil.example",
  "/./\\evil.example",
  "https:evil.example",
  "https:/evil.example",
  "https://evil.example",
  "http://evil.example",
  "http://evil.example/desk",
  "HTTP://EVIL.EXAMPLE",
  "http://localhost@evil.example",
  "http://localhost:3000@evil.example",
  "http://user:pass@localhost:3000/desk",
  "http://localhost:3000.evil.example/desk",
  "https://localhost:3000/desk",
  "http://localhost:3001/desk",
  "javascript:alert(1)",
  "JavaScript:alert(document.domain)",
  "java\tscript:alert(1)",
  " javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "vbscript:msgbox(1)",
  "mailto:a@evil.example",
  "ftp://evil.example",
  "file:///etc/passwd",
];

describe("safeRedirectPath", () => {
  it.each(HOSTILE)("refuses %j", (target) => {
    expect(safeRedirectPath(target, ORIGIN)).toBe(AFTER_SIGN_IN);
  });

  it("never returns anything a browser on the site would resolve to another origin", () => {
    for (const target of HOSTILE) {
      const out = safeRedirectPath(target, ORIGIN);
      expect(new URL(out, ORIGIN).origin).toBe(ORIGIN);
      expect(out.startsWith("/") && !out.startsWith("//") && !out.startsWith("/\\")).toBe(true);
    }
  });

  it.each([
    ["/desk", "/desk"],
    ["/desk/stories/abc?tab=notes#n1", "/desk/stories/abc?tab=notes#n1"],
    ["/desk/account", "/desk/account"],
    // encoded slashes stay encoded: a path on this site, never a second host
    // a NUL inside the path is percent-encoded, not stripped
    ["/\u0000/evil.example", "/%00/evil.example"],
    ["%2F%2Fevil.example", "/%2F%2Fevil.example"],
    ["/%2F/evil.example", "/%2F/evil.example"],
    ["/%2f%2fevil.example", "/%2f%2fevil.example"],
    // normalised: whitespace trimmed, dot segments resolved, backslashes read as the browser reads them
    [" /desk", "/desk"],
    ["\t/desk\n", "/desk"],
    ["/desk/../desk/wire", "/desk/wire"],
    ["/desk\\wire", "/desk/wire"],
    ["desk", "/desk"],
    // absolute URLs on the site itself are reduced to their path
    ["http://localhost:3000/desk/wire?x=1", "/desk/wire?x=1"],
    ["HTTP://LOCALHOST:3000/desk", "/desk"],
    ["http:/desk", "/desk"],
    // the backslash ends the authority: this is the path /@evil.example on this site
    ["http://localhost:3000\\@evil.example", "/@evil.example"],
  ])("follows %j as %j", (target, expected) => {
    expect(safeRedirectPath(target, ORIGIN)).toBe(expected);
  });

  it("falls back for nothing, non-strings, absurd lengths and a bad origin, to the given fallback", () => {
    for (const t of [null, undefined, "", 42, {}, ["/desk"], `/${"a".repeat(3000)}`]) {
      expect(safeRedirectPath(t, ORIGIN)).toBe("/desk");
    }
    expect(safeRedirectPath("//evil.example", ORIGIN, "/login")).toBe("/login");
    expect(safeRedirectPath("/desk", "not a url")).toBe("/desk");
    expect(safeRedirectPath("/desk/wire", "not a url", "/x")).toBe("/x");
  });

  it("judges against the origin given, ignoring any path on it", () => {
    expect(safeRedirectPath("https://news.example/desk", "https://news.example/some/path")).toBe("/desk");
    expect(safeRedirectPath("http://news.example/wire", "https://news.example")).toBe(AFTER_SIGN_IN);
    expect(safeRedirectPath("http://localhost:3000/desk", "https://news.example")).toBe(AFTER_SIGN_IN);
  });
});
