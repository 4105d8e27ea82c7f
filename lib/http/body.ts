import { AppError } from "@/lib/errors";

/**
 * Reads a request body into memory, counting the bytes as they arrive and refusing
 * (PAYLOAD_TOO_LARGE, 413) the moment there are more than maxBytes: a chunked body has no
 * Content-Length to check, and a Content-Length is only the client's word. A declared
 * length over the limit is refused before anything is read.
 */
export async function readBodyWithLimit(req: Request, maxBytes: number, tooLarge: string): Promise<Uint8Array<ArrayBuffer>> {
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) throw new AppError("PAYLOAD_TOO_LARGE", tooLarge);
  if (!req.body) return new Uint8Array();
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      chunks.length = 0;
      await reader.cancel().catch(() => {});
      throw new AppError("PAYLOAD_TOO_LARGE", tooLarge);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    body.set(c, at);
    at += c.byteLength;
  }
  return body;
}
