import { NextResponse } from "next/server";
import { handleMutation } from "@/lib/http/route";
import { readBodyWithLimit } from "@/lib/http/body";
import { assertCan } from "@/lib/authz/policy";
import { AppError } from "@/lib/errors";
import { importWireFiles } from "@/lib/services/wire-import";

const MAX_FILES = 500;
/**
 * The whole request body, multipart framing included. next.config.js lets proxy.ts buffer
 * a little more than this (experimental.proxyClientMaxBodySize), so a bigger body still
 * reaches this route bigger than the limit and is refused here rather than cut short.
 */
const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/**
 * Multipart upload of wire files (or zip archives of them) from the desk. Answers with a
 * report per file; archive entries are reported as `archive.zip/inner/file.xml`.
 */
export function POST(req: Request) {
  return handleMutation(req, async ({ actor, ip }) => {
    assertCan(actor, "wire.import");
    const contentType = req.headers.get("content-type") ?? "";
    if (!contentType.startsWith("multipart/form-data")) throw new AppError("VALIDATION", "Expected a multipart/form-data upload");
    const body = await readBodyWithLimit(
      req,
      MAX_UPLOAD_BYTES,
      "Upload too large: at most 50 MB per batch. Split the files into several uploads.",
    );
    let form: FormData;
    try {
      form = await new Response(body, { headers: { "content-type": contentType } }).formData();
    } catch {
      throw new AppError("VALIDATION", "The upload could not be read as multipart/form-data (was it cut short?)");
    }
    const files = form.getAll("files").filter((f): f is File => typeof f !== "string");
    if (files.length === 0) throw new AppError("VALIDATION", "Choose at least one file");
    if (files.length > MAX_FILES) throw new AppError("VALIDATION", `At most ${MAX_FILES} files per upload`);
    const payload = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
    const reports = await importWireFiles(actor, payload, { ip, via: "upload" });
    return NextResponse.json({ reports });
  });
}
