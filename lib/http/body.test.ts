import { describe, expect, it } from "vitest";
import { readBodyWithLimit } from "./body";

/** A streamed request body of `chunks` × `size` bytes, with no Content-Length; counts what was pulled. */
function streamed(chunks: number, size: number) {
  const seen = { pulled: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (seen.pulled === chunks) return controller.close();
      seen.pulled++;
      controller.enqueue(new Uint8Array(size).fill(1));
    },
    cancel() {
      seen.cancelled = true;
    },
  });
  const req = new Request("http://localhost/upload", { method: "POST", body, duplex: "half" } as RequestInit);
  return { req, seen };
}

describe("readBodyWithLimit", () => {
  it("reads a body within the limit", async () => {
    const { req } = streamed(4, 1000);
    expect((await readBodyWithLimit(req, 4000, "too big")).length).toBe(4000);
  });

  it("refuses a body without Content-Length as soon as it passes the limit, and stops reading", async () => {
    const { req, seen } = streamed(1000, 1000);
    expect(req.headers.get("content-length")).toBeNull();
    await expect(readBodyWithLimit(req, 10_000, "Upload too large")).rejects.toMatchObject({
      code: "PAYLOAD_TOO_LARGE",
      status: 413,
      message: "Upload too large",
    });
    expect(seen.pulled).toBeLessThan(20);
    expect(seen.cancelled).toBe(true);
  });

  it("refuses a declared Content-Length over the limit before reading anything", async () => {
    const { req: streamedReq, seen } = streamed(1, 10);
    const req = new Request(streamedReq, { headers: { "content-length": "10001" } });
    await expect(readBodyWithLimit(req, 10_000, "too big")).rejects.toMatchObject({ code: "PAYLOAD_TOO_LARGE" });
    expect(seen.pulled).toBeLessThanOrEqual(1);
  });
});
