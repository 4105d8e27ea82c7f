import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { decodeWindows1252, decodeWireBytes, findInvalidUtf8, sniffSyntax } from "./decode";
import { WireParseError, type ParseErrorCode } from "./normalized";

const FIXTURES = fileURLToPath(new URL("../../test/fixtures/wire/", import.meta.url));
const fixture = (path: string) => new Uint8Array(readFileSync(FIXTURES + path));
const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...Buffer.from(p, "utf8")] : p)));

function decodeError(input: Uint8Array): WireParseError {
  try {
    decodeWireBytes(input);
  } catch (e) {
    if (e instanceof WireParseError) return e;
    throw e;
  }
  throw new Error("expected decodeWireBytes to throw");
}
const expectCode = (input: Uint8Array, code: ParseErrorCode) => expect(decodeError(input).code).toBe(code);

describe("decodeWireBytes", () => {
  it("reads plain UTF-8", () => {
    expect(decodeWireBytes(bytes("Zürich – “quoted” €"))).toEqual({ text: "Zürich – “quoted” €", encoding: "utf-8" });
  });

  it("removes a UTF-8 BOM and normalises CRLF and CR to LF", () => {
    expect(decodeWireBytes(bytes([0xef, 0xbb, 0xbf], "a\r\nb\rc\n")).text).toBe("a\nb\nc\n");
  });

  it("reads UTF-16 with a BOM, little- and big-endian", () => {
    const le = new Uint8Array([0xff, 0xfe, ...Buffer.from("Grüße\r\n€", "utf16le")]);
    expect(decodeWireBytes(le)).toEqual({ text: "Grüße\n€", encoding: "utf-16le" });
    const be = new Uint8Array([0xfe, 0xff, ...Buffer.from("Grüße", "utf16le").swap16()]);
    expect(decodeWireBytes(be)).toEqual({ text: "Grüße", encoding: "utf-16be" });
  });

  it("recognises UTF-16 XML without a BOM instead of calling it binary", () => {
    const xml = '<?xml version="1.0" encoding="UTF-16"?><nitf>é</nitf>';
    expect(decodeWireBytes(new Uint8Array(Buffer.from(xml, "utf16le")))).toEqual({ text: xml, encoding: "utf-16le" });
    expect(decodeWireBytes(new Uint8Array(Buffer.from(xml, "utf16le").swap16())).text).toBe(xml);
  });

  it("lets a BOM win over the declared encoding", () => {
    expect(decodeWireBytes(bytes([0xef, 0xbb, 0xbf], '<?xml version="1.0" encoding="ISO-8859-1"?><a>ü</a>')).text).toBe(
      '<?xml version="1.0" encoding="ISO-8859-1"?><a>ü</a>',
    );
  });

  it("honours a declared 8-bit encoding", () => {
    const decl = (enc: string) => `<?xml version="1.0" encoding="${enc}"?>\n<a>`;
    expect(decodeWireBytes(bytes(decl("ISO-8859-1"), [0xfc, 0xdf], "</a>")).text).toBe(decl("ISO-8859-1") + "üß</a>");
    expect(decodeWireBytes(bytes(decl("windows-1252"), [0x80, 0x93, 0x94], "</a>")).text).toBe(decl("windows-1252") + "€“”</a>");
    expect(decodeWireBytes(bytes(decl("ISO-8859-15"), [0xa4], "</a>")).text).toBe(decl("ISO-8859-15") + "€</a>");
    expect(decodeWireBytes(bytes(decl("windows-1250"), [0x9a, 0xe8], "</a>")).text).toBe(decl("windows-1250") + "šč</a>");
  });

  it("rejects declared UTF-8 that is not, naming the byte, offset and likely charset", () => {
    const err = decodeError(bytes('<?xml version="1.0" encoding="UTF-8"?>\n<a>K', [0xf6], "ln</a>"));
    expect(err.code).toBe("ENCODING");
    expect(err.message).toBe(
      "declared UTF-8 but byte 0xF6 at offset 43 (line 2) is not valid UTF-8 (the file looks like ISO-8859-1); " +
        "fix the declaration or re-save the file as UTF-8",
    );
    const cp = decodeError(bytes('<?xml version="1.0" encoding="utf-8"?><a>', [0x93, 0x61, 0x94], "</a>"));
    expect(cp.message).toMatch(/^declared UTF-8 but byte 0x93 at offset 41 .*looks like Windows-1252/);
  });

  it("rejects the Latin-1 NITF that declares UTF-8 (bad/latin1-declared-utf8-nitf.xml)", () => {
    const err = decodeError(fixture("bad/latin1-declared-utf8-nitf.xml"));
    expect(err.code).toBe("ENCODING");
    expect(err.message).toMatch(
      /^declared UTF-8 but byte 0x[0-9A-F]{2} at offset \d+ \(line \d+\) is not valid UTF-8 \(the file looks like ISO-8859-1\)/,
    );
  });

  it("rejects an encoding it cannot decode", () => {
    const err = decodeError(bytes('<?xml version="1.0" encoding="x-made-up"?><a/>'));
    expect(err.code).toBe("ENCODING");
    expect(err.message).toContain('"x-made-up"');
  });

  it("falls back to Windows-1252 when undeclared bytes are not UTF-8", () => {
    expect(decodeWireBytes(bytes("Gr", [0xfc], "nwald ", [0x80, 0x96]))).toEqual({
      text: "Grünwald €–",
      encoding: "windows-1252",
    });
  });

  it("decodes the Windows-1252 CRLF fixture to the right characters", () => {
    const { text, encoding } = decodeWireBytes(fixture("plaintext/cp1252-crlf-gruenwald-2026-11-24.txt"));
    expect(encoding).toBe("windows-1252");
    for (const ch of ["ü", "ä", "è", "é", "ê", "–", "€", "“", "”", "’"]) expect(text).toContain(ch);
    expect(text).not.toMatch(/[\r\u0080-\u009f]/);
    expect(text.startsWith(" date 2026-11-24 \n\nZURICH (dpa-AFX) - Grünwald Präzision AG")).toBe(true);
  });

  it("reads the UTF-8 fixtures as UTF-8", () => {
    expect(decodeWireBytes(fixture("plaintext/ap-berlin-umbrellas-2026-11-12.txt")).text).toContain("BERLIN (AP) — Berlin");
    expect(decodeWireBytes(fixture("plaintext/dpa-afx-honduras-2019-08-28.txt")).encoding).toBe("utf-8");
  });

  it("rejects binary data: NUL bytes (bad/random-bytes.txt)", () => {
    const err = decodeError(fixture("bad/random-bytes.txt"));
    expect(err.code).toBe("BINARY");
    expect(err.message).toBe("the file looks like binary data, not text: it contains NUL bytes (first at offset 0)");
    expectCode(bytes("text", [0], "more"), "BINARY");
  });

  it("rejects binary data: many control characters", () => {
    const junk = bytes("ab", [1, 2, 3, 4, 5, 6, 7, 8, 0x0e, 0x0f], "cdefgh");
    expect(decodeError(junk)).toMatchObject({
      code: "BINARY",
      message: expect.stringMatching(/10 of 18 characters are control characters/),
    });
    // A stray control character in real copy is tolerated.
    expect(decodeWireBytes(bytes("BERLIN (dpa) - ", [0x1a], " text that goes on for a while longer than that.")).text).toContain(
      "\u001a",
    );
  });

  it("rejects empty and whitespace-only input (bad/empty.xml)", () => {
    expect(decodeError(fixture("bad/empty.xml"))).toMatchObject({ code: "EMPTY", message: "the file is empty (0 bytes)" });
    expectCode(bytes(" \r\n\t\n"), "EMPTY");
    expectCode(bytes([0xef, 0xbb, 0xbf]), "EMPTY");
    expectCode(new Uint8Array([0xff, 0xfe, 0x20, 0x00]), "EMPTY");
  });
});

describe("findInvalidUtf8", () => {
  it("accepts valid sequences up to 4 bytes", () => {
    expect(findInvalidUtf8(bytes("a é € 𝄞"))).toBe(-1);
  });
  it.each([
    ["overlong", [0x41, 0xc0, 0x80], 1],
    ["overlong 3-byte", [0xe0, 0x80, 0xaf], 0],
    ["surrogate", [0x41, 0x42, 0xed, 0xa0, 0x80], 2],
    ["truncated", [0x41, 0xe2, 0x82], 1],
    ["lone continuation", [0x80], 0],
    ["beyond U+10FFFF", [0xf4, 0x90, 0x80, 0x80], 0],
  ])("%s", (_, input, offset) => {
    expect(findInvalidUtf8(new Uint8Array(input))).toBe(offset);
  });
});

describe("decodeWindows1252", () => {
  it("maps 0x80–0x9F to the Windows-1252 characters and the rest to Latin-1", () => {
    expect(decodeWindows1252(new Uint8Array([0x80, 0x85, 0x91, 0x92, 0x93, 0x94, 0x96, 0x97, 0x99, 0xe9, 0x41]))).toBe(
      "€…‘’“”–—™éA",
    );
  });
});

describe("sniffSyntax", () => {
  it.each([
    ["  <?xml version='1.0'?>", "xml"],
    ["<nitf/>", "xml"],
    ['{"uri":"x"}', "json"],
    ["[{}]", "json"],
    ["[\n  1\n]", "json"],
    ["[EMBARGOED] until Monday", "text"],
    ["WASHINGTON (dpa-AFX) - Text", "text"],
  ] as const)("%s → %s", (text, syntax) => {
    expect(sniffSyntax(text)).toBe(syntax);
  });
});
