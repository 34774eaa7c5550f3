/**
 * Stickers and stories (ryzeapi-more.md 1.1, 1.10): both are media sends with a twist.
 * A sticker is any picture converted to a 512×512 WebP; a story goes to
 * `status@broadcast` (no `number`), as text on a coloured background or as media.
 */
import type { ConnectionManager } from "../connections/connection-manager.js";
import type { InstanceRecord } from "../instances/instance-model.js";
import type { MediaType } from "../../contracts/events.js";
import { STATUS_BROADCAST } from "../../providers/jid.js";
import { STORY_FONTS } from "../../providers/provider-messages.js";
import type { SentMessage } from "../../providers/provider.js";
import { providerCall, requireConnection } from "./connection-guard.js";
import { loadMedia } from "./media.js";
import {
  typing,
  type MediaLimits,
  type MessageService,
  type SendOutcome,
} from "./message-service.js";
import type { StatusBody, StickerBody } from "./rich-schemas.js";
import { toSticker } from "./sticker-converter.js";

export class MediaKindService {
  constructor(
    private readonly connections: ConnectionManager,
    private readonly sends: MessageService,
    private readonly limits: MediaLimits,
  ) {}

  async sticker(instance: InstanceRecord, body: StickerBody): Promise<SendOutcome> {
    const connection = requireConnection(this.connections, instance);
    const common = await this.sends.prepare(instance, connection, body);
    const image = await this.load(body.imageUrl);
    const webp = await toSticker(Buffer.from(image.base64, "base64"), image.mimetype);
    await typing(connection, common.to, body.delay);
    const sent = await providerCall("send sticker", () =>
      connection.sendMedia({
        ...common,
        mediaType: "sticker",
        base64: webp.toString("base64"),
        mimetype: "image/webp",
        size: webp.length,
        fileName: null,
        caption: null,
        duration: null,
      }),
    );
    // Stickers have no caption: the answer has no `content`.
    const data = await this.sends.answer(instance, sent.id);
    delete data.content;
    return {
      message: "Sticker sent successfully",
      data: {
        ...data,
        messageType: "sticker",
        mediaUrl: sent.mediaUrl ?? null,
        mediaMimeType: "image/webp",
        mediaSize: webp.length,
      },
    };
  }

  async status(instance: InstanceRecord, body: StatusBody): Promise<SendOutcome> {
    const connection = requireConnection(this.connections, instance);
    const common = { to: STATUS_BROADCAST, source: body.source };
    let sent: SentMessage;
    if (body.type === "text") {
      const text = body.message ?? "";
      sent = await providerCall("send status", () =>
        connection.sendRich({
          ...common,
          content: {
            kind: "statusText",
            text,
            backgroundColor: body.backgroundColor ?? null,
            font: body.font === undefined ? null : (STORY_FONTS[body.font.toLowerCase()] ?? 0),
          },
        }),
      );
    } else {
      const media = await this.load(body.mediaUrl ?? "", body.mimeType);
      const mediaType: MediaType =
        body.type === "audio" && body.isVoice !== false ? "ptt" : body.type;
      sent = await providerCall("send status", () =>
        connection.sendMedia({
          ...common,
          mediaType,
          base64: media.base64,
          mimetype: media.mimetype,
          size: media.size,
          fileName: body.fileName ?? media.fileName,
          caption: body.type === "audio" ? null : (body.message ?? null),
          duration: body.duration ?? null,
        }),
      );
    }
    const data = await this.sends.answer(instance, sent.id);
    return { message: "Status sent successfully", data: { ...data, messageType: body.type } };
  }

  private load(url: string, mimeType?: string) {
    return loadMedia({ mediaUrl: url, mimeType }, this.limits);
  }
}
