/**
 * Media messages (image, video, audio and voice notes, documents, stickers) as ponte's
 * `media` block. The bytes are not here: the connection downloads them with Baileys'
 * `downloadMediaMessage` and stores them beside the event.
 */
import type { proto } from "@whiskeysockets/baileys";
import type { MediaInfo, MediaType, MessageContent } from "../../contracts/events.js";
import type { ContentParts, Handlers } from "./inbound-content.js";
import { numberOf, type ProtoInteger } from "./inbound-parties.js";

interface MediaFields {
  url?: string | null;
  mimetype?: string | null;
  fileLength?: ProtoInteger;
  caption?: string | null;
  contextInfo?: proto.IContextInfo | null;
}

// What WhatsApp sends when a client leaves the MIME type out.
const DEFAULT_MIMETYPES: Record<MediaType, string> = {
  image: "image/jpeg",
  video: "video/mp4",
  audio: "audio/ogg; codecs=opus",
  ptt: "audio/ogg; codecs=opus",
  ptv: "video/mp4",
  document: "application/octet-stream",
  sticker: "image/webp",
};

export function mediaParts(
  type: MediaType,
  fields: MediaFields,
  extra: { fileName?: string | null; seconds?: number | null } = {},
): ContentParts {
  const media: MediaInfo = {
    type,
    mimetype: fields.mimetype || DEFAULT_MIMETYPES[type],
    size: numberOf(fields.fileLength),
    fileName: extra.fileName || null,
    duration: extra.seconds ?? null,
    // The encrypted blob on WhatsApp's CDN; the provider downloads and decrypts it.
    url: fields.url || null,
    s3Url: null,
  };
  const content: MessageContent = fields.caption ? { text: fields.caption } : {};
  return { type, content, media, contextInfo: fields.contextInfo };
}

export const MEDIA_HANDLERS: Handlers = {
  imageMessage: (m) => mediaParts("image", m),
  videoMessage: (m) => mediaParts("video", m, { seconds: m.seconds }),
  // A round "video note": ponte's contract has no type of its own for it.
  ptvMessage: (m) => mediaParts("ptv", m, { seconds: m.seconds }),
  audioMessage: (m) => mediaParts(m.ptt ? "ptt" : "audio", m, { seconds: m.seconds }),
  documentMessage: (m) => mediaParts("document", m, { fileName: m.fileName || m.title }),
  stickerMessage: (m) => mediaParts("sticker", m),
};
