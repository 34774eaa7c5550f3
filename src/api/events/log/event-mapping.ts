/** What a provider event becomes in the log: its public type, `data`, and look-up keys. */
import { STATUS_CODES } from "../../../contracts/events.js";
import type { ProviderEvent } from "../../../providers/provider.js";
import type { LogEntry } from "./log-store.js";

const NO_KEYS = { messageId: null, targetId: null, chatJid: null, fromMe: null, mediaBase64: null };

export function toLogEntry(
  event: ProviderEvent,
  fallbackNumberJid: string | null,
  at: string,
): LogEntry {
  switch (event.kind) {
    case "connection":
      return {
        ...NO_KEYS,
        event: "instance.state",
        data: {
          state: event.state,
          reason: event.reason ?? event.state,
          numberJid: event.numberJid ?? fallbackNumberJid,
          timestamp: at,
        },
      };
    case "message": {
      const { message } = event;
      return {
        event: "message.exchange",
        data: { id: message.id, type: message.type, message },
        messageId: message.id,
        targetId: message.target?.messageId ?? null,
        chatJid: message.chat.jid,
        fromMe: message.fromMe,
        mediaBase64: event.mediaBase64 ?? null,
      };
    }
    case "receipt": {
      const { receipt } = event;
      return {
        ...NO_KEYS,
        event: "message.status",
        data: { ...receipt, statusCode: STATUS_CODES[receipt.status] },
        messageId: receipt.messageId,
        chatJid: receipt.chat.jid,
      };
    }
    case "call":
      return { ...NO_KEYS, event: "call.update", data: event.call };
    case "group":
      return { ...NO_KEYS, event: "group.flow", data: event.group, chatJid: event.group.groupJid };
    case "label":
      return { ...NO_KEYS, event: "label.update", data: event.label };
  }
}
