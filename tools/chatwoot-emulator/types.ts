/**
 * The emulator's in-memory records. They mirror Chatwoot's tables (accounts, users,
 * inboxes + channel_api, contacts, contact_inboxes, conversations, messages,
 * attachments, webhooks) closely enough that the presenters can render the same JSON
 * Chatwoot's jbuilder views and `webhook_data` methods render. Times are epoch
 * milliseconds; presenters convert them to the unit each view uses.
 */

export type Role = "administrator" | "agent";

export interface Account {
  id: number;
  name: string;
}

export interface User {
  id: number;
  name: string;
  email: string;
  accessToken: string;
  /** account id → role (Chatwoot's account_users). */
  roles: Map<number, Role>;
}

export interface AgentBot {
  id: number;
  name: string;
  accessToken: string;
  accountId: number;
}

export type ChannelType = "Channel::Api" | "Channel::WebWidget";

export interface ApiChannel {
  kind: "api";
  webhookUrl: string;
  hmacMandatory: boolean;
  identifier: string;
  hmacToken: string;
  /** Webhook signing secret (Chatwoot ≥ 4.13, PR #13892). */
  secret: string;
  additionalAttributes: Record<string, unknown>;
}

export interface WidgetChannel {
  kind: "web_widget";
  websiteUrl: string | null;
  widgetColor: string | null;
  websiteToken: string;
  hmacToken: string;
  welcomeTitle: string | null;
  welcomeTagline: string | null;
}

export interface InboxSettings {
  greetingEnabled: boolean;
  greetingMessage: string | null;
  enableEmailCollect: boolean;
  csatSurveyEnabled: boolean;
  enableAutoAssignment: boolean;
  workingHoursEnabled: boolean;
  outOfOfficeMessage: string | null;
  timezone: string;
  allowMessagesAfterResolved: boolean;
  lockToSingleConversation: boolean;
  senderNameType: "friendly" | "professional";
  businessName: string | null;
}

export interface Inbox {
  id: number;
  accountId: number;
  channelId: number;
  name: string;
  channelType: ChannelType;
  channel: ApiChannel | WidgetChannel;
  settings: InboxSettings;
  /** Agents assigned to the inbox (administrators see every inbox anyway). */
  memberIds: Set<number>;
  agentBotId: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface Contact {
  id: number;
  accountId: number;
  name: string;
  email: string | null;
  phoneNumber: string | null;
  identifier: string | null;
  blocked: boolean;
  additionalAttributes: Record<string, unknown>;
  customAttributes: Record<string, unknown>;
  lastActivityAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface ContactInbox {
  id: number;
  contactId: number;
  inboxId: number;
  sourceId: string;
  hmacVerified: boolean;
  pubsubToken: string;
  createdAt: number;
  updatedAt: number;
}

export type ConversationStatus = "open" | "resolved" | "pending" | "snoozed";
export type Priority = "urgent" | "high" | "medium" | "low" | "none";

export interface Conversation {
  /** Database id: never shown in URLs or payloads. */
  id: number;
  /** Per-account id used in every URL and payload (Chatwoot's display_id). */
  displayId: number;
  accountId: number;
  inboxId: number;
  contactId: number;
  contactInboxId: number;
  uuid: string;
  status: ConversationStatus;
  priority: Priority | null;
  assigneeId: number | null;
  teamId: number | null;
  snoozedUntil: number | null;
  additionalAttributes: Record<string, unknown>;
  customAttributes: Record<string, unknown>;
  labels: string[];
  muted: boolean;
  agentLastSeenAt: number | null;
  assigneeLastSeenAt: number | null;
  contactLastSeenAt: number | null;
  firstReplyCreatedAt: number | null;
  waitingSince: number | null;
  lastActivityAt: number;
  createdAt: number;
  updatedAt: number;
}

/** REST integer values; webhooks use the names. */
export const MESSAGE_TYPES = ["incoming", "outgoing", "activity", "template"] as const;
export type MessageTypeName = (typeof MESSAGE_TYPES)[number];
export const MESSAGE_STATUSES = ["sent", "delivered", "read", "failed"] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export type SenderRef =
  | { type: "user"; id: number }
  | { type: "contact"; id: number }
  | { type: "agent_bot"; id: number };

export type FileType = "image" | "audio" | "video" | "file";

export interface Attachment {
  id: number;
  messageId: number;
  accountId: number;
  fileType: FileType;
  fileName: string;
  contentType: string;
  extension: string | null;
  /** Random key under which the file is served (ActiveStorage blob key). */
  key: string;
  data: Buffer;
}

export interface Message {
  id: number;
  accountId: number;
  inboxId: number;
  /** Database id of the conversation. */
  conversationId: number;
  messageType: MessageTypeName;
  contentType: string;
  content: string | null;
  contentAttributes: Record<string, unknown>;
  additionalAttributes: Record<string, unknown>;
  private: boolean;
  status: MessageStatus;
  sourceId: string | null;
  sender: SenderRef | null;
  echoId: string | null;
  attachments: Attachment[];
  createdAt: number;
  updatedAt: number;
}

export interface AccountWebhook {
  id: number;
  accountId: number;
  url: string;
  name: string | null;
  subscriptions: string[];
  /** Signing secret (Chatwoot ≥ 4.11.2, PR #13573). */
  secret: string;
}
