// Issue #12 item 6: zip bombs were capped per archive, so one upload of thirty bombs, each
// just under the cap, made the server inflate (and hold) thirty times the cap. The cap is
// now one budget for the whole upload, archives are unpacked one entry at a time, and the
// rest of the batch still imports.
import { beforeAll, describe, expect, it } from "vitest";
import { importWireFiles, type FileReport } from "@/lib/services/wire-import";
import { buildZip } from "@/test/zip-writer";
import { makeStaff, uniquePlaintext } from "@/test/helpers";
import { peakRetainedGrowth } from "@/test/memory";

const MB = 1024 * 1024;
let staff: Awaited<ReturnType<typeof makeStaff>>;
beforeAll(async () => {
  staff = await makeStaff();
});

describe("one unpack budget per upload", () => {
  it("caps what thirty zip bombs in one upload inflate, keeps memory bounded, and imports the rest", async () => {
    // Each bomb: two entries of 5 MB of zeros (honest headers), about 10 KB compressed.
    const bomb = buildZip([
      { name: "a.txt", data: new Uint8Array(5 * MB), deflate: true },
      { name: "b.txt", data: new Uint8Array(5 * MB), deflate: true },
    ]);
    const bombs = Array.from({ length: 30 }, (_, i) => ({ name: `bomb-${i}.zip`, bytes: bomb }));
    const plain = uniquePlaintext("A real wire story after thirty zip bombs.");
    const zipped = uniquePlaintext("A real wire story zipped after thirty zip bombs.");
    const honest = { name: "honest.zip", bytes: buildZip([{ name: zipped.name, data: zipped.bytes, deflate: true }]) };
    const cap = 64 * MB;

    const {
      result: reports,
      peak,
      samples,
    } = await peakRetainedGrowth(() =>
      importWireFiles(staff.editor, [...bombs, plain, honest], {
        unpackLimits: { maxEntries: 5_000, maxTotalBytes: cap, maxEntryBytes: 20 * MB },
      }),
    );

    const byFile = (name: string) => reports.filter((r: FileReport) => r.file === name);
    // Entries that were inflated reach the parser (and fail there: zeros are not a wire file).
    const inflated = reports.filter((r) => /^bomb-\d+\.zip\/[ab]\.txt$/.test(r.file));
    expect(inflated.every((r) => r.outcomes[0]?.status === "failed" && r.outcomes[0].code === "BINARY")).toBe(true);
    const inflatedBytes = inflated.length * 5 * MB;
    expect(inflatedBytes).toBeLessThanOrEqual(cap);
    expect(inflated).toHaveLength(12); // six bombs fit the budget (60 MB); 4 MB is left
    // The others are refused whole, before anything is inflated, with the reason.
    const refused = reports.filter((r) => /^bomb-\d+\.zip$/.test(r.file));
    expect(refused).toHaveLength(24);
    for (const r of refused) {
      expect(r.outcomes[0]).toMatchObject({ status: "failed", code: "ZIP" });
      expect(r.outcomes[0]?.status === "failed" && r.outcomes[0].reason).toMatch(
        /would unpack to 10\.0 MB, more than this upload has left: this upload may unpack at most 64\.0 MB .*zip bomb/,
      );
    }
    // The rest of the batch imports.
    expect(byFile(plain.name)[0]?.outcomes[0]?.status).toBe("imported");
    expect(byFile(`honest.zip/${zipped.name}`)[0]?.outcomes[0]?.status).toBe("imported");
    // About one entry (5 MB, twice while its chunks are joined) is alive at a time; holding what
    // the budget allows would be 60 MB.
    console.log(
      `zip bombs: ${inflated.length} entries (${inflatedBytes / MB} MB) inflated, peak retained growth ${(peak / MB).toFixed(1)} MB (${samples} samples)`,
    );
    expect(samples).toBeGreaterThan(3);
    expect(peak).toBeLessThan(cap / 4);
  });

  it("refuses an archive that lies about its sizes once the actual bytes pass what is left", async () => {
    const liar = buildZip([{ name: "liar.txt", data: new Uint8Array(5 * MB), deflate: true, declaredSize: 100 }]);
    const plain = uniquePlaintext("A real wire story after a lying archive.");
    const reports = await importWireFiles(staff.editor, [{ name: "liar.zip", bytes: liar }, plain], {
      unpackLimits: { maxEntries: 10, maxTotalBytes: 1 * MB, maxEntryBytes: 20 * MB },
    });
    expect(reports[0]).toMatchObject({ file: "liar.zip", outcomes: [{ status: "failed", code: "ZIP" }] });
    expect(reports[0]?.outcomes[0]?.status === "failed" && reports[0].outcomes[0].reason).toMatch(
      /lies about its sizes|more than this upload may unpack/,
    );
    expect(reports[1]?.outcomes[0]?.status).toBe("imported");
  });
});
