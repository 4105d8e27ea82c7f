// Issue #12 items 6 and 7, over HTTP against the production server: the wire upload takes
// the 50 MB per batch the README promises (proxy.ts used to cut bodies at 10 MB and the
// route answered 500), refuses a bigger body with a readable 413 whether or not it declares
// a Content-Length, and caps what the zip bombs of one upload may inflate.
import http from "node:http";
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { buildZip } from "../test/zip-writer";
import { BASE, PORT, signedInContext } from "./http-helpers";

const MB = 1024 * 1024;
let cookie = "";

test.beforeAll(async () => {
  const ctx = await signedInContext("editor");
  cookie = (await ctx.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  await ctx.dispose();
});

function wireStory(lede: string) {
  const tag = randomUUID().slice(0, 8);
  const text = ` date 2026-11-27 \n\nOSLO (dpa-AFX) - ${lede} Reference ${tag}.\n\n\n\nA second paragraph for ${tag}.\n\n\n\nCopyright RTT News/dpa-AFX`;
  return { name: `story-${tag}.txt`, bytes: Buffer.from(text) };
}

/** A multipart/form-data body with these files, padded (a file of zeros) to exactly `size` bytes if given. */
function multipart(files: { name: string; bytes: Uint8Array }[], size?: number): { body: Buffer; type: string } {
  const boundary = `----wiredesk${randomUUID()}`;
  const part = (name: string, bytes: Uint8Array) => [
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    Buffer.from("\r\n"),
  ];
  const end = Buffer.from(`--${boundary}--\r\n`);
  const parts = files.flatMap((f) => part(f.name, f.bytes));
  if (size !== undefined) {
    const used =
      parts.reduce((n, b) => n + b.length, 0) +
      part("padding.bin", new Uint8Array()).reduce((n, b) => n + b.length, 0) +
      end.length;
    parts.push(...part("padding.bin", new Uint8Array(size - used)));
  }
  const body = Buffer.concat([...parts, end]);
  if (size !== undefined) expect(body.length).toBe(size);
  return { body, type: `multipart/form-data; boundary=${boundary}` };
}

type Answer = {
  status: number;
  json: {
    reports?: { file: string; outcomes: { status: string; reason?: string }[] }[];
    error?: { code: string; message: string };
  };
};

/** POSTs the upload with an editor's session and this site's Origin; chunked (no Content-Length) if asked. */
function upload(body: Buffer, type: string, opts: { chunked?: boolean } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = { "content-type": type, origin: BASE, cookie };
    if (!opts.chunked) headers["content-length"] = body.length;
    const req = http.request({ host: "localhost", port: PORT, path: "/api/desk/wire/import", method: "POST", headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        try {
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) as Answer["json"] });
        } catch {
          reject(new Error(`not JSON (${res.statusCode}): ${text.slice(0, 200)}`));
        }
      });
    });
    // The server may answer (413) before it has read everything; that is not a client error.
    req.on("error", (e: NodeJS.ErrnoException) => (e.code === "EPIPE" || e.code === "ECONNRESET" ? undefined : reject(e)));
    if (opts.chunked) {
      // Without Content-Length Node sends Transfer-Encoding: chunked.
      for (let at = 0; at < body.length; at += MB) req.write(body.subarray(at, at + MB));
      req.end();
    } else req.end(body);
  });
}

const statusOf = (a: Answer, file: string) => a.json.reports?.find((r) => r.file === file)?.outcomes[0]?.status;

for (const size of [9 * MB, 49 * MB]) {
  test(`an upload of ${size / MB} MB is imported`, async () => {
    const story = wireStory(`A ${size / MB} MB upload.`);
    const { body, type } = multipart([story], size);
    const answer = await upload(body, type);
    expect(answer.status, JSON.stringify(answer.json).slice(0, 300)).toBe(200);
    expect(statusOf(answer, story.name)).toBe("imported");
    // The padding is a file like any other: reported, not imported (zeros are not wire copy).
    expect(statusOf(answer, "padding.bin")).toBe("failed");
  });
}

test("a chunked upload (no Content-Length) within the limit is imported", async () => {
  const story = wireStory("A chunked upload.");
  const { body, type } = multipart([story], 20 * MB);
  const answer = await upload(body, type, { chunked: true });
  expect(answer.status, JSON.stringify(answer.json).slice(0, 300)).toBe(200);
  expect(statusOf(answer, story.name)).toBe("imported");
});

test("an upload over 50 MB is refused with a readable 413", async () => {
  const { body, type } = multipart([wireStory("Too big.")], 51 * MB);
  const answer = await upload(body, type);
  expect(answer.status).toBe(413);
  expect(answer.json.error).toEqual({ code: "PAYLOAD_TOO_LARGE", message: expect.stringMatching(/at most 50 MB per batch/) });
});

test("a chunked upload without Content-Length over 50 MB is refused with 413 while it streams", async () => {
  const { body, type } = multipart([wireStory("Too big, chunked.")], 60 * MB);
  const answer = await upload(body, type, { chunked: true });
  expect(answer.status).toBe(413);
  expect(answer.json.error).toEqual({ code: "PAYLOAD_TOO_LARGE", message: expect.stringMatching(/at most 50 MB per batch/) });
});

test("thirty zip bombs in one upload are capped by one budget; the rest of the batch imports", async () => {
  // Each bomb: one entry declaring (honestly) 19 MB of zeros, ~19 KB compressed. The
  // server's budget is WIREDESK_ZIP_MAX_BYTES (500 MB) for the whole upload.
  const bomb = buildZip([{ name: "zeros.txt", data: new Uint8Array(19 * MB), deflate: true }]);
  const story = wireStory("A real story after thirty zip bombs.");
  const files = [...Array.from({ length: 30 }, (_, i) => ({ name: `bomb-${i}.zip`, bytes: bomb })), story];
  const { body, type } = multipart(files);
  expect(body.length).toBeLessThan(2 * MB);
  const answer = await upload(body, type);
  expect(answer.status).toBe(200);
  const reports = answer.json.reports ?? [];
  const inflated = reports.filter((r) => /^bomb-\d+\.zip\/zeros\.txt$/.test(r.file));
  const refused = reports.filter((r) => /^bomb-\d+\.zip$/.test(r.file));
  // 26 × 19 MB = 494 MB fit in 500 MB; every later bomb is refused before it is inflated.
  expect(inflated).toHaveLength(26);
  expect(inflated.length * 19 * MB).toBeLessThanOrEqual(500 * MB);
  expect(refused).toHaveLength(4);
  for (const r of refused) expect(r.outcomes[0]?.reason).toMatch(/more than this upload has left.*zip bomb/);
  expect(statusOf(answer, story.name)).toBe("imported");
});
