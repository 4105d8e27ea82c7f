import { describe, expect, it } from "vitest";
import { buildZip } from "@/test/zip-writer";
import { checkEntryPath, isZip, readZip, unpackZip, UnpackBudget, ZipRefusedError } from "./zip";

const LIMITS = { maxEntries: 10, maxTotalBytes: 1024 * 1024 };

describe("readZip", () => {
  it("unpacks files, flattening folders into the reported name and skipping directories", async () => {
    const zip = buildZip([
      { name: "inner/" },
      { name: "inner/deeper/story.txt", data: "OSLO (dpa-AFX) - Text.", deflate: true },
      { name: "top.xml", data: "<nitf/>" },
    ]);
    expect(isZip("upload.bin", zip)).toBe(true);
    const { files, skipped } = await readZip("batch.zip", zip, LIMITS);
    expect(files.map((f) => f.name)).toEqual(["batch.zip/inner/deeper/story.txt", "batch.zip/top.xml"]);
    expect(new TextDecoder().decode(files[0]!.bytes)).toBe("OSLO (dpa-AFX) - Text.");
    expect(skipped).toEqual([]);
  });

  it("refuses `../`, absolute and drive-letter paths per entry, and imports the rest", async () => {
    const zip = buildZip([
      { name: "../../etc/passwd", data: "root:x:0:0" },
      { name: "ok/../../escape.txt", data: "x" },
      { name: "/abs/path.txt", data: "x" },
      { name: "C:\\windows\\evil.txt", data: "x" },
      { name: "..\\win-escape.txt", data: "x" },
      { name: "good.txt", data: "fine" },
    ]);
    const { files, skipped } = await readZip("a.zip", zip, LIMITS);
    expect(files.map((f) => f.name)).toEqual(["a.zip/good.txt"]);
    expect(skipped).toHaveLength(5);
    expect(skipped[0]).toEqual({ name: "a.zip/../../etc/passwd", reason: expect.stringMatching(/\.\./) });
    expect(skipped[2]!.reason).toMatch(/absolute/);
  });

  it("skips symlinks and nested archives with a reason", async () => {
    const zip = buildZip([
      { name: "link", data: "/etc/passwd", mode: 0o120777 },
      { name: "nested.zip", data: "PK" },
      { name: "__MACOSX/._good.txt", data: "x" },
    ]);
    const { files, skipped } = await readZip("a.zip", zip, LIMITS);
    expect(files).toEqual([]);
    expect(skipped.map((s) => s.reason)).toEqual([
      expect.stringMatching(/symbolic link/),
      expect.stringMatching(/inside an archive/),
    ]);
  });

  it("refuses a zip bomb from its declared sizes before inflating anything", async () => {
    // 20 MB of zeros deflates to about 20 KB.
    const zip = buildZip([{ name: "bomb.txt", data: new Uint8Array(20 * 1024 * 1024), deflate: true }]);
    expect(zip.length).toBeLessThan(100 * 1024);
    await expect(readZip("bomb.zip", zip, LIMITS)).rejects.toThrow(/would unpack to 20\.0 MB.*zip bomb/);
  });

  it("refuses a zip bomb that lies about its sizes once inflating passes the declared size", async () => {
    const zip = buildZip([{ name: "liar.txt", data: new Uint8Array(5 * 1024 * 1024), deflate: true, declaredSize: 100 }]);
    // A generous total limit: what stops it is inflating past the size the entry declared.
    const err = await readZip("liar.zip", zip, { maxEntries: 10, maxTotalBytes: 100 * 1024 * 1024 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZipRefusedError);
    expect((err as Error).message).toMatch(/liar\.zip/);
  });

  it("refuses an archive with too many entries", async () => {
    const zip = buildZip(Array.from({ length: 11 }, (_, i) => ({ name: `f${i}.txt`, data: "x" })));
    await expect(readZip("many.zip", zip, LIMITS)).rejects.toThrow(/11 entries; at most 10/);
  });

  it("refuses something that is not a zip", async () => {
    await expect(readZip("fake.zip", new TextEncoder().encode("PK but not really"), LIMITS)).rejects.toBeInstanceOf(
      ZipRefusedError,
    );
  });
});

describe("unpackZip with one budget for the whole upload", () => {
  const MB = 1024 * 1024;
  /** Unpacks the archives one after another with one budget, keeping only sizes. */
  async function unpackAll(archives: Uint8Array[], budget: UnpackBudget) {
    let inflated = 0;
    const refused: string[] = [];
    for (const [i, bytes] of archives.entries()) {
      try {
        for await (const item of unpackZip(`a${i}.zip`, bytes, budget)) if (item.kind === "file") inflated += item.bytes.length;
      } catch (e) {
        if (!(e instanceof ZipRefusedError)) throw e;
        refused.push(e.message);
      }
    }
    return { inflated, refused };
  }

  it("caps the upload, not each archive: twenty bombs each under the cap inflate no more than the cap in all", async () => {
    const bomb = buildZip([{ name: "zeros.txt", data: new Uint8Array(3 * MB), deflate: true }]);
    const budget = new UnpackBudget({ maxEntries: 1000, maxTotalBytes: 10 * MB });
    const { inflated, refused } = await unpackAll(Array<Uint8Array>(20).fill(bomb), budget);
    expect(inflated).toBe(9 * MB);
    expect(budget.bytesUsed).toBeLessThanOrEqual(10 * MB);
    expect(refused).toHaveLength(17);
    expect(refused[0]).toMatch(/a3\.zip would unpack to 3\.0 MB, more than this upload has left: .*10\.0 MB.*9\.0 MB in 3 files/);
  });

  it("caps the entries of the whole upload", async () => {
    const zip = buildZip(Array.from({ length: 4 }, (_, i) => ({ name: `f${i}.txt`, data: "x" })));
    const budget = new UnpackBudget({ maxEntries: 10, maxTotalBytes: MB });
    const { refused } = await unpackAll([zip, zip, zip], budget);
    expect(refused).toEqual([expect.stringMatching(/a2\.zip has 4 entries, more than this upload has left/)]);
  });

  it("stops inflating an entry that lies about its size as soon as the actual bytes pass the budget", async () => {
    const zip = buildZip([{ name: "liar.txt", data: new Uint8Array(8 * MB), deflate: true, declaredSize: 100 }]);
    const budget = new UnpackBudget({ maxEntries: 10, maxTotalBytes: MB });
    const { inflated, refused } = await unpackAll([zip], budget);
    expect(inflated).toBe(0);
    expect(budget.bytesUsed).toBeLessThanOrEqual(MB);
    expect(refused[0]).toMatch(
      /a0\.zip\/liar\.txt (is damaged or lies about its sizes|unpacks to more than this upload may unpack)/,
    );
  });

  it("skips an entry too big to be a wire file without inflating it, and unpacks the rest", async () => {
    const zip = buildZip([
      { name: "huge.txt", data: new Uint8Array(4 * MB), deflate: true },
      { name: "story.txt", data: "OSLO (dpa-AFX) - Text.", deflate: true },
    ]);
    const budget = new UnpackBudget({ maxEntries: 10, maxTotalBytes: 100 * MB, maxEntryBytes: MB });
    const items = [];
    for await (const item of unpackZip("a.zip", zip, budget)) items.push(item);
    expect(items).toEqual([
      { kind: "skipped", name: "a.zip/huge.txt", reason: expect.stringMatching(/4\.0 MB; a wire file may have at most 1\.0 MB/) },
      expect.objectContaining({ kind: "file", name: "a.zip/story.txt" }),
    ]);
    expect(budget.bytesUsed).toBe(22);
  });
});

describe("checkEntryPath", () => {
  it("normalises separators and dots", () => {
    expect(checkEntryPath("a\\b/./c.txt")).toEqual({ ok: true, path: "a/b/c.txt" });
    expect(checkEntryPath("a/%2e%2e/b.txt")).toEqual({ ok: true, path: "a/%2e%2e/b.txt" });
    expect(checkEntryPath("a/../b.txt").ok).toBe(false);
  });
});
