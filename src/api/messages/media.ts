/**
 * Media of `POST /api/message/media` (spec 6.2): a public URL or base64 (a data URI or
 * plain), with the MIME type taken from the caller, else the file's own signature, else
 * the download's Content-Type or the URL's extension.
 */
import path from "node:path";
import type { Response } from "undici";
import { AppError, badRequest, describeError } from "../../platform/errors.js";
import type { OutboundGuard } from "../../platform/net/outbound-fetch.js";
import { withDeadline } from "../../platform/net/deadline.js";

/** How media URLs are fetched: through the outbound guard. */
export type MediaFetch = Pick<OutboundGuard, "fetch">;

export interface LoadedMedia {
  base64: string;
  mimetype: string;
  size: number;
  /** From the URL's last path segment, when there is one. */
  fileName: string | null;
}

/** Magic numbers of the formats WhatsApp carries. */
const SIGNATURES: { mime: string; test: (b: Buffer) => boolean }[] = [
  { mime: "image/jpeg", test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  {
    mime: "image/png",
    test: (b) => b.subarray(0, 8).equals(Buffer.from("89504e470d0a1a0a", "hex")),
  },
  { mime: "image/gif", test: (b) => b.subarray(0, 4).toString("latin1") === "GIF8" },
  {
    mime: "image/webp",
    test: (b) =>
      b.subarray(0, 4).toString("latin1") === "RIFF" &&
      b.subarray(8, 12).toString("latin1") === "WEBP",
  },
  {
    mime: "audio/wav",
    test: (b) =>
      b.subarray(0, 4).toString("latin1") === "RIFF" &&
      b.subarray(8, 12).toString("latin1") === "WAVE",
  },
  { mime: "application/pdf", test: (b) => b.subarray(0, 5).toString("latin1") === "%PDF-" },
  { mime: "audio/ogg", test: (b) => b.subarray(0, 4).toString("latin1") === "OggS" },
  {
    mime: "audio/mpeg",
    test: (b) =>
      b.subarray(0, 3).toString("latin1") === "ID3" ||
      (b[0] === 0xff && ((b[1] ?? 0) & 0xe0) === 0xe0),
  },
  { mime: "video/mp4", test: (b) => b.subarray(4, 8).toString("latin1") === "ftyp" },
  { mime: "application/zip", test: (b) => b.subarray(0, 4).equals(Buffer.from("504b0304", "hex")) },
];

const EXTENSIONS: Record<string, string> = {
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".png": "image/png",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".pdf": "application/pdf",
  ".ogg": "audio/ogg",
  ".opus": "audio/ogg",
  ".mp3": "audio/mpeg",
  ".m4a": "audio/mp4",
  ".wav": "audio/wav",
  ".mp4": "video/mp4",
  ".txt": "text/plain",
  ".csv": "text/csv",
  ".zip": "application/zip",
};

export function sniffMime(bytes: Buffer): string | undefined {
  return SIGNATURES.find((signature) => signature.test(bytes))?.mime;
}

export function mimeFromName(name: string | null | undefined): string | undefined {
  return name === null || name === undefined
    ? undefined
    : EXTENSIONS[path.extname(name).toLowerCase()];
}

/** Plain base64 or a `data:<mime>;base64,` URI; undefined when it is not base64 at all. */
export function decodeBase64(input: string): { bytes: Buffer; mime?: string } | undefined {
  const match = /^data:([^;,]+)?(?:;[^,]*)?;base64,(.*)$/s.exec(input.trim());
  const payload = (match?.[2] ?? input).replace(/\s+/g, "");
  if (payload === "" || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(payload)) return undefined;
  const bytes = Buffer.from(payload, "base64");
  if (bytes.length === 0) return undefined;
  return match?.[1] === undefined ? { bytes } : { bytes, mime: match[1] };
}

export interface MediaSource {
  mediaUrl?: string | undefined;
  mediaBase64?: string | undefined;
  mimeType?: string | undefined;
}

export interface MediaLoading {
  maxBytes: number;
  downloadTimeoutMs: number;
  outbound: MediaFetch;
}

/** Downloads or decodes the media and settles its MIME type. */
export async function loadMedia(source: MediaSource, loading: MediaLoading): Promise<LoadedMedia> {
  const { maxBytes } = loading;
  const { mediaUrl, mediaBase64 } = source;
  if (mediaUrl !== undefined && mediaBase64 !== undefined) {
    throw badRequest("Send either mediaUrl or mediaBase64, not both");
  }
  const raw = mediaBase64 ?? mediaUrl;
  if (raw === undefined || raw.trim() === "")
    throw badRequest("mediaUrl or mediaBase64 is required");
  // The newer docs let mediaUrl hold base64 too.
  const isUrl = mediaBase64 === undefined && /^https?:\/\//i.test(raw.trim());
  const loaded = isUrl ? await download(raw.trim(), loading) : decoded(raw, maxBytes);
  const mimetype =
    source.mimeType ??
    sniffMime(loaded.bytes) ??
    loaded.mime ??
    mimeFromName(loaded.fileName) ??
    "application/octet-stream";
  return {
    base64: loaded.bytes.toString("base64"),
    mimetype,
    size: loaded.bytes.length,
    fileName: loaded.fileName,
  };
}

interface Raw {
  bytes: Buffer;
  mime?: string | undefined;
  fileName: string | null;
}

function decoded(input: string, maxBytes: number): Raw {
  const result = decodeBase64(input);
  if (result === undefined)
    throw badRequest("mediaBase64 is not valid base64 and mediaUrl is not an http(s) URL");
  if (result.bytes.length > maxBytes) throw badRequest("Media is too large");
  return { bytes: result.bytes, mime: result.mime, fileName: null };
}

export const MEDIA_URL_CREDENTIALS = "mediaUrl must not carry credentials (user:password@)";

async function download(url: string, loading: MediaLoading): Promise<Raw> {
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(url)) throw badRequest(MEDIA_URL_CREDENTIALS);
  // The deadline covers the body too.
  return withDeadline(loading.downloadTimeoutMs, (signal) => downloadWithin(url, loading, signal));
}

async function downloadWithin(
  url: string,
  loading: MediaLoading,
  signal: AbortSignal,
): Promise<Raw> {
  const { maxBytes } = loading;
  let response: Response;
  try {
    response = await loading.outbound.fetch(url, { signal }, "mediaUrl");
  } catch (error) {
    // A refusal by the outbound guard is already a 400 that says what to do.
    if (error instanceof AppError) throw error;
    throw badRequest(`Failed to download media: ${describeError(error)}`);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw badRequest(`Failed to download media: HTTP ${response.status}`);
  }
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw badRequest("Media is too large");
  }
  let bytes: Buffer;
  try {
    bytes = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    throw badRequest(`Failed to download media: ${describeError(error)}`);
  }
  if (bytes.length > maxBytes) throw badRequest("Media is too large");
  const contentType = response.headers.get("content-type")?.split(";")[0]?.trim();
  const base = path.posix.basename(new URL(url).pathname);
  return {
    bytes,
    mime:
      contentType === "" || contentType === "application/octet-stream" ? undefined : contentType,
    fileName: base === "" ? null : decodeURIComponent(base),
  };
}
