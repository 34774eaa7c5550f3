import { extname } from "node:path";
import type { EmulatorContext } from "../context.js";
import { couldNotCreate } from "../errors.js";
import { secureToken } from "../state.js";
import type { Attachment, FileType, Message } from "../types.js";

/** A file as received in `attachments[]` (multipart) or given through the control API. */
export interface UploadedFile {
  fileName: string;
  contentType: string;
  data: Buffer;
  /** Set when the upload was cut at the size limit while streaming. */
  tooLarge?: boolean;
}

/** FileTypeHelper#file_type: the MIME family decides; everything else is a `file`. */
export function fileTypeOf(contentType: string): FileType {
  if (contentType.startsWith("image/")) return "image";
  if (contentType.startsWith("video/")) return "video";
  if (contentType.startsWith("audio/")) return "audio";
  return "file";
}

/**
 * The limits Chatwoot attaches to `Message#attachments`: at most 15 per message and
 * MAXIMUM_FILE_UPLOAD_SIZE (40 MB) per file. They surface through the messages
 * controller's `rescue StandardError` as 422 `{"error":"Validation failed: …"}`.
 */
export function checkAttachmentLimits(ctx: EmulatorContext, files: UploadedFile[]): void {
  if (files.length > ctx.limits.maxAttachments) {
    throw couldNotCreate("Validation failed: Attachments exceeded maximum allowed");
  }
  if (files.some((f) => f.tooLarge === true || f.data.length > ctx.limits.maxAttachmentBytes)) {
    throw couldNotCreate("Validation failed: Attachments file size is too big");
  }
}

export function buildAttachments(
  ctx: EmulatorContext,
  message: Message,
  files: UploadedFile[],
): Attachment[] {
  return files.map((f) => {
    const ext = extname(f.fileName).replace(/^\./, "");
    return {
      id: ctx.state.nextId("attachments"),
      messageId: message.id,
      accountId: message.accountId,
      fileType: fileTypeOf(f.contentType),
      fileName: f.fileName || "file",
      contentType: f.contentType || "application/octet-stream",
      extension: ext === "" ? null : ext,
      key: secureToken(28),
      data: f.data,
    };
  });
}
