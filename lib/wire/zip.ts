import yauzl from "yauzl";

export type ZipLimits = { maxEntries: number; maxTotalBytes: number };

export type ZipFile = { name: string; bytes: Uint8Array };
export type ZipSkipped = { name: string; reason: string };

/** The whole archive was refused (a zip bomb, too many entries, not a zip at all). */
export class ZipRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ZipRefusedError";
  }
}

export function isZip(name: string, bytes: Uint8Array): boolean {
  // "PK\3\4" (a local file header) or "PK\5\6" (an empty archive); the name alone is not trusted.
  const magic = bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b;
  return magic && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6))
    ? true
    : magic && /\.zip$/i.test(name);
}

/**
 * A path inside an archive, checked and flattened: backslashes count as separators, and
 * absolute paths, drive letters and `..` segments are refused (they are how an archive
 * tries to write outside where it is unpacked; we never write to disk, but an entry that
 * tries is not an honest wire file).
 */
export function checkEntryPath(raw: string): { ok: true; path: string } | { ok: false; reason: string } {
  const path = raw.replace(/\\/g, "/");
  if (path.includes("\u0000")) return { ok: false, reason: "the name contains a NUL character" };
  if (path.startsWith("/") || /^[a-zA-Z]:/.test(path))
    return { ok: false, reason: "absolute paths are not allowed in an archive" };
  const segments = path.split("/").filter((s) => s !== "" && s !== ".");
  if (segments.includes("..")) return { ok: false, reason: "`..` paths are not allowed in an archive" };
  return { ok: true, path: segments.join("/") };
}

const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;

/**
 * Unpacks a zip held in memory. Before anything is inflated the central directory is
 * read and the archive is refused as a whole when it has more than maxEntries entries or
 * declares more than maxTotalBytes uncompressed; while inflating, yauzl stops any entry
 * that produces more bytes than it declared, and we stop the archive once the actual
 * total passes the limit — so a zip bomb costs at most maxTotalBytes of memory.
 * Directories, symlinks and nested archives are skipped; folders are flattened into the
 * reported name (`archive.zip/inner/file.xml`).
 */
export async function readZip(
  archiveName: string,
  bytes: Uint8Array,
  limits: ZipLimits,
): Promise<{ files: ZipFile[]; skipped: ZipSkipped[] }> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      { lazyEntries: true, decodeStrings: false, validateEntrySizes: true },
      (err, z) =>
        err || !z
          ? reject(new ZipRefusedError(`${archiveName} is not a readable zip archive (${err?.message ?? "unknown error"})`))
          : resolve(z),
    ),
  );
  if (zip.entryCount > limits.maxEntries) {
    zip.close();
    throw new ZipRefusedError(`${archiveName} has ${zip.entryCount} entries; at most ${limits.maxEntries} are allowed`);
  }

  const entries: yauzl.Entry[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on("entry", (entry: yauzl.Entry) => {
      entries.push(entry);
      zip.readEntry();
    });
    zip.on("end", () => resolve());
    zip.on("error", (e: Error) => reject(new ZipRefusedError(`${archiveName} is damaged: ${e.message}`)));
    zip.readEntry();
  });

  const declaredTotal = entries.reduce((sum, e) => sum + e.uncompressedSize, 0);
  if (declaredTotal > limits.maxTotalBytes) {
    zip.close();
    throw new ZipRefusedError(
      `${archiveName} would unpack to ${formatBytes(declaredTotal)}; the limit is ${formatBytes(limits.maxTotalBytes)} (refused as a possible zip bomb)`,
    );
  }

  const files: ZipFile[] = [];
  const skipped: ZipSkipped[] = [];
  let actualTotal = 0;
  try {
    for (const entry of entries) {
      const rawName = decodeName(entry);
      const shown = `${archiveName}/${rawName.replace(/\\/g, "/")}`;
      if (rawName.endsWith("/") || rawName.endsWith("\\")) continue; // a directory
      const checked = checkEntryPath(rawName);
      if (!checked.ok) {
        skipped.push({ name: shown, reason: checked.reason });
        continue;
      }
      const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
      const madeOnUnix = entry.versionMadeBy >> 8 === 3;
      if (madeOnUnix && mode !== 0 && mode !== S_IFREG) {
        skipped.push({ name: shown, reason: mode === S_IFLNK ? "symbolic links are skipped" : "not a regular file" });
        continue;
      }
      const base = checked.path.split("/").pop() ?? "";
      if (base.startsWith(".") || checked.path.startsWith("__MACOSX/")) continue; // resource forks, .DS_Store
      if (/\.zip$/i.test(base)) {
        skipped.push({ name: `${archiveName}/${checked.path}`, reason: "archives inside an archive are not opened" });
        continue;
      }
      const data = await readEntry(zip, entry, limits.maxTotalBytes - actualTotal, archiveName);
      actualTotal += data.length;
      files.push({ name: `${archiveName}/${checked.path}`, bytes: data });
    }
  } finally {
    zip.close();
  }
  return { files, skipped };
}

function decodeName(entry: yauzl.Entry): string {
  const raw = entry.fileName as unknown as Buffer;
  // Bit 11: the name is UTF-8; otherwise it is CP437, whose ASCII half is what matters for paths.
  return (entry.generalPurposeBitFlag & 0x800) !== 0 ? raw.toString("utf8") : raw.toString("latin1");
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, budget: number, archiveName: string): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream)
        return reject(new ZipRefusedError(`${archiveName}: an entry could not be read (${err?.message ?? "unknown error"})`));
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > budget) {
          stream.destroy();
          reject(new ZipRefusedError(`${archiveName} unpacks to more than the limit; refused as a possible zip bomb`));
          return;
        }
        chunks.push(chunk);
      });
      stream.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
      stream.on("error", (e: Error) =>
        reject(new ZipRefusedError(`${archiveName} is damaged or lies about its sizes: ${e.message}`)),
      );
    });
  });
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024 * 1024) return `${(n / 1024 ** 3).toFixed(1)} GB`;
  if (n >= 1024 * 1024) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${n} bytes`;
}
