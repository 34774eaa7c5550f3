import type { ChangedAttributes, EmulatorContext } from "../context.js";
import type { Conversation, ConversationStatus, Message, Priority } from "../types.js";

/** Who caused a change: drives activity-message wording and human handoff rules. */
export type Actor =
  | { kind: "user"; userId: number }
  | { kind: "bot"; botId: number }
  | { kind: "contact"; contactId: number }
  | { kind: "system" };

export interface ConversationPatch {
  status?: ConversationStatus;
  assigneeId?: number | null;
  snoozedUntil?: number | null;
  priority?: Priority | null;
  customAttributes?: Record<string, unknown>;
  labels?: string[];
  waitingSince?: number | null;
  firstReplyCreatedAt?: number | null;
}

/** Column name in changed_attributes, record field, and whether the value is a time. */
const COLUMNS: [keyof ConversationPatch, string, boolean][] = [
  ["status", "status", false],
  ["assigneeId", "assignee_id", false],
  ["snoozedUntil", "snoozed_until", true],
  ["priority", "priority", false],
  ["customAttributes", "custom_attributes", false],
  ["labels", "label_list", false],
  ["waitingSince", "waiting_since", true],
  ["firstReplyCreatedAt", "first_reply_created_at", true],
];

const asJson = (v: unknown, isTime: boolean): unknown =>
  isTime && typeof v === "number" ? new Date(v).toISOString() : v;

function actorName(ctx: EmulatorContext, actor: Actor): string | null {
  if (actor.kind === "user") return ctx.state.users.get(actor.userId)?.name ?? null;
  if (actor.kind === "bot") return ctx.state.bots.get(actor.botId)?.name ?? null;
  return null;
}

/** Chatwoot's activity texts (config/locales/en.yml, conversations.activity.*). */
function statusActivity(status: ConversationStatus, name: string | null): string {
  if (name === null) {
    return status === "open"
      ? "System reopened the conversation due to a new incoming message."
      : `Conversation was marked ${status} by system`;
  }
  const texts: Record<ConversationStatus, string> = {
    open: `Conversation was reopened by ${name}`,
    resolved: `Conversation was marked resolved by ${name}`,
    pending: `Conversation was marked as pending by ${name}`,
    snoozed: `Conversation was snoozed by ${name}`,
  };
  return texts[status];
}

function assigneeActivity(ctx: EmulatorContext, c: Conversation, actor: Actor): string | null {
  const name = actorName(ctx, actor);
  if (name === null) return null;
  if (c.assigneeId === null) return `Conversation unassigned by ${name}`;
  if (actor.kind === "user" && actor.userId === c.assigneeId) {
    return `${name} self-assigned this conversation`;
  }
  const assignee = ctx.state.users.get(c.assigneeId)?.name ?? "";
  return `Assigned to ${assignee} by ${name}`;
}

/** An activity message (message_type 2, no sender); webhooks never carry these. */
export function addActivity(ctx: EmulatorContext, c: Conversation, content: string): Message {
  const now = ctx.now();
  const message: Message = {
    id: ctx.state.nextId("messages"),
    accountId: c.accountId,
    inboxId: c.inboxId,
    conversationId: c.id,
    messageType: "activity",
    contentType: "text",
    content,
    contentAttributes: {},
    additionalAttributes: {},
    private: false,
    status: "sent",
    sourceId: null,
    sender: null,
    echoId: null,
    attachments: [],
    createdAt: now,
    updatedAt: now,
  };
  ctx.state.addMessage(message);
  c.lastActivityAt = now;
  ctx.events.emit({ name: "message_created", messageId: message.id });
  return message;
}

/**
 * Applies a change the way `Conversation#after_update_commit` reports it: a status
 * change fires conversation_status_changed, then its activity message, then
 * conversation_updated (which only fires for the tracked columns).
 */
export function changeConversation(
  ctx: EmulatorContext,
  c: Conversation,
  patch: ConversationPatch,
  actor: Actor,
): ChangedAttributes {
  const changed: ChangedAttributes = [];
  const record = c as unknown as Record<string, unknown>;
  for (const [field, column, isTime] of COLUMNS) {
    if (!(field in patch)) continue;
    const next = patch[field];
    if (JSON.stringify(record[field]) === JSON.stringify(next)) continue;
    changed.push({
      [column]: {
        previous_value: asJson(record[field], isTime),
        current_value: asJson(next, isTime),
      },
    });
    record[field] = next;
  }
  if (changed.length === 0) return changed;
  const previousUpdate = c.updatedAt;
  c.updatedAt = Math.max(ctx.now(), previousUpdate + 1);
  changed.push({
    updated_at: {
      previous_value: asJson(previousUpdate, true),
      current_value: asJson(c.updatedAt, true),
    },
  });
  const keys = changed.map((entry) => Object.keys(entry)[0]);
  if (keys.includes("status")) {
    ctx.events.emit({ name: "conversation_status_changed", conversationId: c.id, changed });
    addActivity(ctx, c, statusActivity(c.status, actorName(ctx, actor)));
  }
  if (keys.includes("assignee_id")) {
    const text = assigneeActivity(ctx, c, actor);
    if (text !== null) addActivity(ctx, c, text);
  }
  ctx.events.emit({ name: "conversation_updated", conversationId: c.id, changed });
  return changed;
}
