import type { CallLog } from "./call-log.js";
import type { EmulatorContext } from "./context.js";
import type { FaultInjector } from "./faults.js";
import type { RateLimiter } from "./rate-limit.js";
import type { SeededAccount } from "./seed.js";
import type { ConversationStatus } from "./types.js";
import type { DeliveryTarget, WebhookDelivery, WebhookDispatcher } from "./webhooks/dispatcher.js";

/** Inputs of the control API (see EmulatorControl). */
export interface AttachmentInput {
  fileName: string;
  contentType: string;
  data: Uint8Array;
}

/** A conversation by its display id; the account defaults to the first seeded one. */
export interface ConversationRef {
  accountId?: number;
  conversationId: number;
}

export interface ReplyInput extends ConversationRef {
  content?: string;
  attachments?: AttachmentInput[];
  /** The replying agent; defaults to the account's administrator. */
  userId?: number;
  contentType?: string;
  contentAttributes?: Record<string, unknown>;
}

export interface IncomingInput extends ConversationRef {
  content?: string;
  attachments?: AttachmentInput[];
  sourceId?: string;
}

export interface StatusInput extends ConversationRef {
  status: ConversationStatus;
  userId?: number;
}

export interface InboxInput {
  accountId?: number;
  name?: string;
  webhookUrl?: string;
  channelType?: "api" | "web_widget";
  lockToSingleConversation?: boolean;
  additionalAttributes?: Record<string, unknown>;
}

export interface DeliveryFilter {
  event?: string;
  target?: DeliveryTarget;
  inboxId?: number;
  state?: WebhookDelivery["state"];
}

export interface ControlDeps {
  ctx: EmulatorContext;
  accounts: SeededAccount[];
  dispatcher: WebhookDispatcher;
  calls: CallLog;
  faults: FaultInjector;
  rateLimiter: RateLimiter;
  setSigning(enabled: boolean): void;
}
