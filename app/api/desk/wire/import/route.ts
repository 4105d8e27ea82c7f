import { NextResponse } from "next/server";
import { handleMutation } from "@/lib/http/route";
import { assertCan } from "@/lib/authz/policy";
import { AppError } from "@/lib/errors";
import { importWireFiles } from "@/lib/services/wire-import";

const MAX_FILES = 500;
const MAX_TOTAL_BYTES = 50 * 1024 * 1024;

/**
 * Multipart upload of wire files (or zip archives of them) from the desk. Answers with a
 * report per file; archive entries are reported as `archive.zip/inner/file.xml`.
 */
export function POST(req: Request) {
  return handleMutation(req, async ({ actor, ip }) => {
    assertCan(actor, "wire.import");
    const declared = Number(req.headers.get("content-length") ?? "0");
    if (declared > MAX_TOTAL_BYTES) throw new AppError("VALIDATION", "Upload too large (50 MB at most per batch)");
    const contentType = req.headers.get("content-type") ?? "";
    if (!contentType.startsWith("multipart/form-data")) throw new AppError("VALIDATION", "Expected a multipart/form-data upload");
    const form = await req.formData();
    const files = form.getAll("files").filter((f): f is File => typeof f !== "string");
    if (files.length === 0) throw new AppError("VALIDATION", "Choose at least one file");
    if (files.length > MAX_FILES) throw new AppError("VALIDATION", `At most ${MAX_FILES} files per upload`);
    const payload = await Promise.all(files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })));
    const reports = await importWireFiles(actor, payload, { ip, via: "upload" });
    return NextResponse.json({ reports });
  });
}
