import yauzl from "yauzl";

export type ZipLimits = {
  maxEntries: number;
  maxTotalBytes: number;
  /** The largest single file worth inflating (the parser refuses bigger ones anyway); unlimited if absent. */
  maxEntryBytes?: number;
};

export type ZipFile = { name: string; bytes: Uint8Array };
export type ZipSkipped = { name: string; reason: string };

/** The whole archive was refused (a zip bomb, too many entries, not a zip at all). */
export class ZipRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ZipRefusedError";
  }
}

/**
 * What one upload (or one CLI batch) may unpack, shared by every archive and file in it: at
 * most `maxTotalBytes` of data and `maxEntries` entries altogether. A per-archive limit
 * alone let one upload carry thirty archives each just under it (issue #12): the budget is
 * what bounds the memory an upload can make the server allocate. Bytes are charged as they
 * are actually inflated, so an archive that lies about its sizes cannot overdraw it.
 */
export class UnpackBudget {
  bytesUsed = 0;
  entriesUsed = 0;
  constructor(readonly limits: ZipLimits) {}
  get bytesLeft(): number {
    return this.limits.maxTotalBytes - this.bytesUsed;
  }
  get entriesLeft(): number {
    return this.limits.maxEntries - this.entriesUsed;
  }
  /** Charges n bytes; false (and nothing charged) when they do not fit. */
  takeBytes(n: number): boolean {
    if (n > this.bytesLeft) return false;
    this.bytesUsed += n;
    return true;
  }
  /** Charges n entries; false (and nothing charged) when they do not fit. */
  takeEntries(n: number): boolean {
    if (n > this.entriesLeft) return false;
    this.entriesUsed += n;
    return true;
  }
  /** Why the upload cannot take more, for reports. */
  describe(): string {
    return `this upload may unpack at most ${formatBytes(this.limits.maxTotalBytes)} and ${this.limits.maxEntries} files in all, and ${formatBytes(this.bytesUsed)} in ${this.entriesUsed} files were already used`;
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

/** One result of unpacking: a file to import, or an entry skipped with its reason. */
export type ZipItem = ({ kind: "file" } & ZipFile) | ({ kind: "skipped" } & ZipSkipped);

/**
 * Unpacks a zip held in memory, one entry at a time: each file is inflated only when the
 * caller asks for the next one, so an upload never holds more than the entry at hand (plus
 * whatever the caller keeps). Before anything is inflated the central directory is read
 * and the archive is refused as a whole (ZipRefusedError) when its entries or declared
 * uncompressed size do not fit what is left of the upload's budget. While inflating, yauzl
 * stops any entry that produces more bytes than it declared, and every inflated chunk is
 * charged to the budget, so inflation stops the moment the budget is spent even if the
 * headers lie; the archive is then refused from that entry on (entries already handed out
 * stay handed out). Directories, symlinks and nested archives are skipped; folders are
 * flattened into the reported name (`archive.zip/inner/file.xml`).
 */
export async function* unpackZip(archiveName: string, bytes: Uint8Array, budget: UnpackBudget): AsyncGenerator<ZipItem> {
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
  try {
    if (zip.entryCount > budget.entriesLeft) {
      throw new ZipRefusedError(
        zip.entryCount > budget.limits.maxEntries
          ? `${archiveName} has ${zip.entryCount} entries; at most ${budget.limits.maxEntries} are allowed`
          : `${archiveName} has ${zip.entryCount} entries, more than this upload has left (${budget.describe()})`,
      );
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

    const maxEntry = budget.limits.maxEntryBytes ?? Infinity;
    // Entries too big to be a wire file are skipped below without being inflated.
    const declaredTotal = entries.reduce((sum, e) => sum + (e.uncompressedSize > maxEntry ? 0 : e.uncompressedSize), 0);
    if (declaredTotal > budget.bytesLeft) {
      throw new ZipRefusedError(
        declaredTotal > budget.limits.maxTotalBytes
          ? `${archiveName} would unpack to ${formatBytes(declaredTotal)}; the limit is ${formatBytes(budget.limits.maxTotalBytes)} (refused as a possible zip bomb)`
          : `${archiveName} would unpack to ${formatBytes(declaredTotal)}, more than this upload has left: ${budget.describe()} (refused as a possible zip bomb)`,
      );
    }

    budget.takeEntries(zip.entryCount);

    for (const entry of entries) {
      const rawName = decodeName(entry);
      const shown = `${archiveName}/${rawName.replace(/\\/g, "/")}`;
      if (rawName.endsWith("/") || rawName.endsWith("\\")) continue; // a directory
      const checked = checkEntryPath(rawName);
      if (!checked.ok) {
        yield { kind: "skipped", name: shown, reason: checked.reason };
        continue;
      }
      const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
      const madeOnUnix = entry.versionMadeBy >> 8 === 3;
      if (madeOnUnix && mode !== 0 && mode !== S_IFREG) {
        yield { kind: "skipped", name: shown, reason: mode === S_IFLNK ? "symbolic links are skipped" : "not a regular file" };
        continue;
      }
      const base = checked.path.split("/").pop() ?? "";
      if (base.startsWith(".") || checked.path.startsWith("__MACOSX/")) continue; // resource forks, .DS_Store
      if (/\.zip$/i.test(base)) {
        yield { kind: "skipped", name: `${archiveName}/${checked.path}`, reason: "archives inside an archive are not opened" };
        continue;
      }
      if (entry.uncompressedSize > maxEntry) {
        yield {
          kind: "skipped",
          name: `${archiveName}/${checked.path}`,
          reason: `would unpack to ${formatBytes(entry.uncompressedSize)}; a wire file may have at most ${formatBytes(maxEntry)} (not unpacked: a possible zip bomb)`,
        };
        continue;
      }
      const data = await readEntry(zip, entry, budget, maxEntry, `${archiveName}/${checked.path}`);
      yield { kind: "file", name: `${archiveName}/${checked.path}`, bytes: data };
    }
  } finally {
    zip.close();
  }
}

/**
 * The whole archive at once, with a budget of its own (tests, and callers that unpack one
 * archive by itself). Uploads use unpackZip with the upload's shared budget.
 */
export async function readZip(
  archiveName: string,
  bytes: Uint8Array,
  limits: ZipLimits,
): Promise<{ files: ZipFile[]; skipped: ZipSkipped[] }> {
  const files: ZipFile[] = [];
  const skipped: ZipSkipped[] = [];
  for await (const item of unpackZip(archiveName, bytes, new UnpackBudget(limits))) {
    if (item.kind === "file") files.push({ name: item.name, bytes: item.bytes });
    else skipped.push({ name: item.name, reason: item.reason });
  }
  return { files, skipped };
}

function decodeName(entry: yauzl.Entry): string {
  const raw = entry.fileName as unknown as Buffer;
  // Bit 11: the name is UTF-8; otherwise it is CP437, whose ASCII half is what matters for paths.
  return (entry.generalPurposeBitFlag & 0x800) !== 0 ? raw.toString("utf8") : raw.toString("latin1");
}

function readEntry(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  budget: UnpackBudget,
  maxEntry: number,
  entryName: string,
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream)
        return reject(new ZipRefusedError(`${entryName} could not be read (${err?.message ?? "unknown error"})`));
      const chunks: Buffer[] = [];
      let size = 0;
      let failed = false;
      const refuse = (reason: string) => {
        failed = true;
        chunks.length = 0;
        stream.destroy();
        reject(new ZipRefusedError(`${entryName} ${reason}; refused as a possible zip bomb`));
      };
      stream.on("data", (chunk: Buffer) => {
        if (failed) return;
        // Actual bytes, not the header's word for them: stop inflating the moment a limit is passed.
        size += chunk.length;
        if (size > maxEntry) return refuse(`unpacks to more than the ${formatBytes(maxEntry)} a wire file may have`);
        if (!budget.takeBytes(chunk.length)) return refuse(`unpacks to more than this upload may unpack (${budget.describe()})`);
        chunks.push(chunk);
      });
      stream.on("end", () => {
        if (!failed) resolve(new Uint8Array(Buffer.concat(chunks)));
      });
      stream.on("error", (e: Error) => {
        if (failed) return;
        failed = true;
        chunks.length = 0;
        reject(new ZipRefusedError(`${entryName} is damaged or lies about its sizes: ${e.message}`));
      });
    });
  });
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 * 1024) return `${(n / 1024 ** 3).toFixed(1)} GB`;
  if (n >= 1024 * 1024) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${n} bytes`;
}
