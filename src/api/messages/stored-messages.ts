/**
 * The event log read as a message store: the messages `replyTo`, reactions, revokes,
 * `getMessage`, `status` and `base64` refer to (spec 6.1: "everything sent or received
 * is stored automatically").
 */
import {
  STATUS_CODES,
  type ExchangeMessage,
  type MessageExchangeData,
  type MessageRef,
  type MessageStatusData,
  type ReceiptStatus,
} from "../../contracts/events.js";
import type { MessageKey, QuotedMessage } from "../../providers/provider.js";
import type { EventLogStore } from "../events/log/log-store.js";

export interface StoredMessage {
  seq: number;
  message: ExchangeMessage;
  hasMedia: boolean;
  mediaBase64?: string;
}

export interface MessageStatus {
  status: ReceiptStatus;
  code: number;
  timestamp: string;
}

export class StoredMessages {
  constructor(private readonly log: EventLogStore) {}

  async find(
    instanceId: string,
    messageId: string,
    withMedia = false,
  ): Promise<StoredMessage | undefined> {
    const stored = await this.log.findMessage(instanceId, messageId, withMedia);
    if (stored === undefined) return undefined;
    const found: StoredMessage = {
      seq: stored.seq,
      message: (stored.data as MessageExchangeData).message,
      hasMedia: stored.hasMedia,
    };
    if (stored.mediaBase64 !== undefined) found.mediaBase64 = stored.mediaBase64;
    return found;
  }

  /** Whether another instance of the account has the message (a 404 of its own). */
  async belongsElsewhere(
    accountId: string,
    instanceId: string,
    messageId: string,
  ): Promise<boolean> {
    const owners = await this.log.ownersOf(accountId, messageId);
    return owners.some((owner) => owner !== instanceId);
  }

  /**
   * The message's delivery status: the furthest receipt seen (receipts can arrive out of
   * order), else `sent` for outgoing and `received` for incoming messages.
   */
  async status(instanceId: string, message: ExchangeMessage): Promise<MessageStatus> {
    const receipts = (await this.log.statusesOf(instanceId, message.id)).map(
      (receipt) => receipt.data as MessageStatusData,
    );
    const progress = receipts.filter((receipt) => receipt.status !== "error");
    const failed = receipts.find((receipt) => receipt.status === "error");
    if (progress.length === 0 && failed !== undefined) {
      return { status: "error", code: failed.statusCode, timestamp: failed.timestamp };
    }
    let best: MessageStatus = {
      status: message.fromMe ? "sent" : "received",
      code: message.fromMe ? STATUS_CODES.sent : STATUS_CODES.received,
      timestamp: message.timestamp,
    };
    for (const receipt of progress) {
      if (receipt.statusCode > best.code) {
        best = { status: receipt.status, code: receipt.statusCode, timestamp: receipt.timestamp };
      }
    }
    return best;
  }

  /** Revoked, and the latest edit's text, from the actions logged on the message. */
  async history(
    instanceId: string,
    messageId: string,
  ): Promise<{ revoked: boolean; editedText: string | null }> {
    let revoked = false;
    let editedText: string | null = null;
    for (const action of await this.log.actionsOn(instanceId, messageId)) {
      const message = (action.data as MessageExchangeData).message;
      if (message.type === "message_revoke") revoked = true;
      if (message.type === "message_edit") editedText = message.content.text ?? null;
    }
    return { revoked, editedText };
  }
}

/** What a provider needs to act on a stored message. */
export function keyOf(message: ExchangeMessage): MessageKey {
  return {
    id: message.id,
    chatJid: message.chat.jid,
    fromMe: message.fromMe,
    participant: message.chat.type === "group" ? message.sender.jid : null,
  };
}

export function refOf(message: ExchangeMessage): MessageRef {
  const key = keyOf(message);
  return { messageId: key.id, fromMe: key.fromMe, participant: key.participant };
}

export function quotedOf(message: ExchangeMessage): QuotedMessage {
  return { ...keyOf(message), text: message.content.text ?? "" };
}
