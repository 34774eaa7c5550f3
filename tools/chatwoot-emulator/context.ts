import type { EmulatorState } from "./state.js";
import type { Account, AgentBot, Role, User } from "./types.js";

/** Limits and delays Chatwoot applies; all configurable so tests can exercise them cheaply. */
export interface Limits {
  /** MAXIMUM_FILE_UPLOAD_SIZE (40 MB by default). */
  maxAttachmentBytes: number;
  /** Message::NUMBER_OF_PERMITTED_ATTACHMENTS (15). */
  maxAttachments: number;
  /** WEBHOOK_TIMEOUT in milliseconds (5 s by default). */
  webhookTimeoutMs: number;
  /** CONVERSATION_MESSAGE_PER_MINUTE_LIMIT (200 by default). */
  conversationMessagesPerMinute: number;
  /** How long a deleted inbox stays visible (DeleteObjectJob runs asynchronously). */
  inboxDeletionDelayMs: number;
}

/** Who is calling: the owner of the api_access_token, already checked against the account. */
export type Caller =
  | { kind: "user"; user: User; account: Account; role: Role }
  | { kind: "bot"; bot: AgentBot; account: Account };

/**
 * The webhook side: services report what happened; the implementation decides who is
 * told (account webhooks, the API inbox's webhook_url) and delivers asynchronously.
 */
export interface EventSink {
  emit(event: DomainEvent): void;
}

export type DomainEvent =
  | { name: "message_created" | "message_updated"; messageId: number }
  | { name: "conversation_created"; conversationId: number }
  | {
      name: "conversation_updated" | "conversation_status_changed";
      conversationId: number;
      changed: ChangedAttributes;
    }
  | { name: "contact_created"; contactId: number }
  | { name: "contact_updated"; contactId: number; changed: ChangedAttributes }
  | { name: "inbox_created"; inboxId: number }
  | { name: "inbox_updated"; inboxId: number; changed: ChangedAttributes };

/** Chatwoot's `changed_attributes`: one single-key object per changed column. */
export type ChangedAttributes = Record<
  string,
  { previous_value: unknown; current_value: unknown }
>[];

/** Everything a service needs; passed explicitly, never held in module state. */
export interface EmulatorContext {
  state: EmulatorState;
  now(): number;
  /** Base URL that attachment `data_url`s point at. */
  publicUrl(): string;
  limits: Limits;
  /** Whether the newer webhook `secret`s exist (and so deliveries are signed). */
  signing(): boolean;
  events: EventSink;
}
