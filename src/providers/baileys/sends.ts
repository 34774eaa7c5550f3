/**
 * ponte's sends as Baileys calls. Each send's own message is emitted at once with the
 * send's `source` (Decision 13); the copy Baileys echoes back is then a duplicate and is
 * dropped by the inbound processor.
 */
import type {
  AnyMessageContent,
  MiscMessageGenerationOptions,
  WAMessage,
  WAMessageKey,
} from "@whiskeysockets/baileys";
import type {
  MessageKey,
  NumberLookup,
  Presence,
  QuotedMessage,
  SendCommon,
  SendMedia,
  SendReaction,
  SendText,
  SentMessage,
} from "../provider.js";
import { ProviderError } from "../provider.js";
import { isGroupJid, STATUS_BROADCAST, userJid } from "../jid.js";
import type { InboundProcessor } from "./inbound.js";
import type { BaileysSocket } from "./socket.js";

export function baileysKey(key: MessageKey): WAMessageKey {
  return {
    remoteJid: key.chatJid,
    fromMe: key.fromMe,
    id: key.id,
    ...(key.participant !== null ? { participant: key.participant } : {}),
  };
}

/** Enough of the quoted message for WhatsApp to show the quote. */
export function quotedMessage(quote: QuotedMessage): WAMessage {
  return { key: baileysKey(quote), message: { conversation: quote.text } };
}

export function mediaContent(input: SendMedia): AnyMessageContent {
  const data = Buffer.from(input.base64, "base64");
  const caption = input.caption ?? undefined;
  switch (input.mediaType) {
    case "image":
      return { image: data, caption, mimetype: input.mimetype };
    case "video":
    case "ptv":
      return {
        video: data,
        caption,
        mimetype: input.mimetype,
        ...(input.mediaType === "ptv" ? { ptv: true } : {}),
      };
    case "audio":
    case "ptt":
      return {
        audio: data,
        ptt: input.mediaType === "ptt",
        mimetype: input.mimetype,
        ...(input.duration !== null ? { seconds: input.duration } : {}),
      };
    case "sticker":
      return { sticker: data, mimetype: input.mimetype };
    case "document":
      return {
        document: data,
        mimetype: input.mimetype,
        fileName: input.fileName ?? "file",
        caption,
      };
  }
}

export class Sender {
  constructor(
    private readonly inbound: InboundProcessor,
    private readonly socket: () => BaileysSocket,
    /** Who a story on `status@broadcast` goes to (WhatsApp needs the list from the sender). */
    private readonly statusAudience: () => string[] = () => [],
  ) {}

  async lookup(numbers: string[]): Promise<NumberLookup[]> {
    const found = (await this.socket().onWhatsApp(...numbers)) ?? [];
    return numbers.map((number) => {
      const hit = found.find((entry) => entry.jid.startsWith(`${number}@`));
      return { number, exists: hit?.exists === true, jid: hit?.jid ?? userJid(number) };
    });
  }

  async sendText(input: SendText): Promise<SentMessage> {
    const content: AnyMessageContent = {
      text: input.text,
      ...(input.linkPreview === false ? { linkPreview: null } : {}),
      ...(await this.mentions(input)),
    };
    return this.send(input.to, content, input);
  }

  async sendMedia(input: SendMedia): Promise<SentMessage> {
    const content = {
      ...mediaContent(input),
      ...(await this.mentions(input)),
    } as AnyMessageContent;
    return this.send(input.to, content, input, input.base64);
  }

  sendReaction(input: SendReaction): Promise<SentMessage> {
    const key = baileysKey({
      id: input.target.messageId,
      chatJid: input.to,
      fromMe: input.target.fromMe,
      participant: input.target.participant,
    });
    return this.send(input.to, { react: { text: input.emoji, key } }, { source: input.source });
  }

  revoke(key: MessageKey, source?: string): Promise<SentMessage> {
    return this.send(key.chatJid, { delete: baileysKey(key) }, { source });
  }

  async deleteForMe(key: MessageKey): Promise<void> {
    await this.socket().chatModify(
      { deleteForMe: { deleteMedia: true, key: baileysKey(key), timestamp: Date.now() } },
      key.chatJid,
    );
  }

  async markRead(keys: MessageKey[]): Promise<void> {
    if (keys.length === 0) return;
    await this.socket().readMessages(keys.map(baileysKey));
    this.inbound.emitReadSelf(keys);
  }

  async sendPresence(jid: string, presence: Presence): Promise<void> {
    // No JID: the account's own presence (online / offline), as keepOnlineStatus sets it.
    await this.socket().sendPresenceUpdate(presence, jid === "" ? undefined : jid);
  }

  /** Sends one content and emits its `message` event; `extra` adds Baileys' send options. */
  async send(
    to: string,
    content: AnyMessageContent,
    common: Pick<SendCommon, "source" | "replyTo" | "messageId">,
    mediaBase64?: string,
    extra: MiscMessageGenerationOptions = {},
  ): Promise<SentMessage> {
    const sent = await this.socket().sendMessage(to, content, {
      ...(common.replyTo !== undefined ? { quoted: quotedMessage(common.replyTo) } : {}),
      ...(common.messageId !== undefined ? { messageId: common.messageId } : {}),
      ...(to === STATUS_BROADCAST ? { statusJidList: this.statusAudience(), broadcast: true } : {}),
      ...extra,
    });
    const id = sent?.key.id;
    if (sent === undefined || id === undefined || id === null) {
      throw new ProviderError("WhatsApp did not accept the message", true);
    }
    const message = this.inbound.emitOwn(sent, common.source, mediaBase64);
    return {
      id,
      timestamp: message?.timestamp ?? new Date().toISOString(),
      mediaUrl: message?.media?.url ?? null,
    };
  }

  /** Mentions, with `mentionAll` expanded to every participant of the group. */
  private async mentions(input: SendCommon): Promise<{ mentions?: string[] }> {
    const mentions = new Set(input.mentions ?? []);
    if (input.mentionAll === true && isGroupJid(input.to)) {
      const metadata = await this.socket().groupMetadata(input.to);
      for (const participant of metadata.participants) mentions.add(participant.id);
    }
    return mentions.size === 0 ? {} : { mentions: [...mentions] };
  }
}
