/**
 * Rich sends, forwards and edits as Baileys calls. Plain kinds go through `sendMessage`;
 * interactive ones are generated as raw protobuf and relayed (see rich-content.ts).
 */
import {
  generateWAMessageFromContent,
  prepareWAMessageMedia,
  type AnyMessageContent,
  type proto,
} from "@whiskeysockets/baileys";
import type { MessageKey, SentMessage } from "../provider.js";
import {
  richParts,
  type HeaderMedia,
  type RichContent,
  type SendForward,
  type SendRich,
} from "../provider-messages.js";
import { ProviderError } from "../provider.js";
import type { InboundProcessor } from "./inbound.js";
import {
  INTERACTIVE_NODES,
  interactiveMessage,
  isInteractive,
  plainContent,
  type UploadedHeader,
} from "./rich-content.js";
import { baileysKey, mediaContent, type Sender } from "./sends.js";
import type { BaileysSocket } from "./socket.js";

const FORWARDED = { contextInfo: { isForwarded: true, forwardingScore: 1 } };

export class RichSender {
  constructor(
    private readonly sender: Sender,
    private readonly inbound: InboundProcessor,
    private readonly socket: () => BaileysSocket,
  ) {}

  async sendRich(input: SendRich): Promise<SentMessage> {
    const { content } = input;
    if (!isInteractive(content)) {
      const extra =
        content.kind === "statusText"
          ? {
              ...(content.backgroundColor === null
                ? {}
                : { backgroundColor: content.backgroundColor }),
              ...(content.font === null ? {} : { font: content.font }),
            }
          : {};
      return this.sender.send(input.to, plainContent(content), input, undefined, extra);
    }
    const headers = await this.uploadHeaders(content);
    const message = interactiveMessage(content, headers);
    const interactive = message.viewOnceMessage?.message?.interactiveMessage;
    if (input.replyTo !== undefined && interactive) {
      interactive.contextInfo = {
        stanzaId: input.replyTo.id,
        ...(input.replyTo.participant === null ? {} : { participant: input.replyTo.participant }),
        quotedMessage: { conversation: input.replyTo.text },
      };
    }
    return this.relay(input, message, content);
  }

  forward(input: SendForward): Promise<SentMessage> {
    const { content } = input;
    let wire: AnyMessageContent;
    let mediaBase64: string | undefined;
    if (content.kind === "text") {
      wire = { text: content.text, ...FORWARDED };
    } else if (content.kind === "media") {
      wire = {
        ...mediaContent({ ...content, to: input.to, size: 0, duration: null }),
        ...FORWARDED,
      };
      mediaBase64 = content.base64;
    } else if (!isInteractive(content)) {
      wire = { ...plainContent(content), ...FORWARDED };
    } else {
      throw new ProviderError(`interactive messages cannot be forwarded`, false);
    }
    return this.sender.send(input.to, wire, {}, mediaBase64);
  }

  edit(key: MessageKey, text: string): Promise<SentMessage> {
    return this.sender.send(key.chatJid, { text, edit: baileysKey(key) }, {});
  }

  private async relay(
    input: SendRich,
    message: proto.IMessage,
    content: RichContent,
  ): Promise<SentMessage> {
    const socket = this.socket();
    const full = generateWAMessageFromContent(input.to, message, {
      userJid: socket.user?.id ?? "",
    });
    const id = full.key.id;
    if (typeof id !== "string") throw new ProviderError("message id not generated", false);
    await socket.relayMessage(input.to, message, {
      messageId: id,
      additionalNodes: INTERACTIVE_NODES,
    });
    const emitted = this.inbound.emitOwn(full, input.source, undefined, richParts(content));
    return { id, timestamp: emitted?.timestamp ?? new Date().toISOString() };
  }

  /** Uploads the media headers: the buttons' one, or one per carousel card. */
  private async uploadHeaders(content: RichContent): Promise<(UploadedHeader | undefined)[]> {
    const media: (HeaderMedia | null)[] =
      content.kind === "buttons"
        ? [content.media]
        : content.kind === "carousel"
          ? content.cards.map((card) => card.media)
          : [];
    const upload = this.socket().waUploadToServer;
    return Promise.all(
      media.map(async (item) => {
        if (item === null) return undefined;
        const data = Buffer.from(item.base64, "base64");
        const prepared =
          item.type === "image"
            ? await prepareWAMessageMedia({ image: data, mimetype: item.mimetype }, { upload })
            : item.type === "video"
              ? await prepareWAMessageMedia({ video: data, mimetype: item.mimetype }, { upload })
              : await prepareWAMessageMedia(
                  { document: data, mimetype: item.mimetype, fileName: item.fileName ?? "file" },
                  { upload },
                );
        return {
          ...(prepared.imageMessage ? { imageMessage: prepared.imageMessage } : {}),
          ...(prepared.videoMessage ? { videoMessage: prepared.videoMessage } : {}),
          ...(prepared.documentMessage ? { documentMessage: prepared.documentMessage } : {}),
        };
      }),
    );
  }
}
