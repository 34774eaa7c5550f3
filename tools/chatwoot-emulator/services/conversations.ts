import { requireInboxAccess } from "../auth.js";
import type { Caller, EmulatorContext } from "../context.js";
import { internalError, notFound } from "../errors.js";
import type { Params } from "../http/params.js";
import { isRecord, present, presentStr, str, toI } from "../http/params.js";
import { uuid } from "../state.js";
import type { ContactInbox, Conversation, ConversationStatus, Inbox } from "../types.js";
import type { Actor } from "./conversation-changes.js";
import { changeConversation } from "./conversation-changes.js";
import { buildContactInbox, findContact } from "./contacts.js";

export const STATUSES: ConversationStatus[] = ["open", "resolved", "pending", "snoozed"];

export function actorOf(caller: Caller): Actor {
  return caller.kind === "user"
    ? { kind: "user", userId: caller.user.id }
    : { kind: "bot", botId: caller.bot.id };
}

/** `find_by!(display_id:)` then `authorize @conversation, :show?`. */
export function findConversation(
  ctx: EmulatorContext,
  caller: Caller,
  displayId: unknown,
): Conversation {
  const id = /^\d+$/.test(String(displayId)) ? Number(displayId) : NaN;
  const conversation = ctx.state.conversationByDisplayId(caller.account.id, id);
  if (!conversation) throw notFound();
  const inbox = ctx.state.inboxes.get(conversation.inboxId);
  if (!inbox) throw notFound();
  requireInboxAccess(caller, inbox);
  return conversation;
}

/** An enum assignment with an unknown value raises ArgumentError: an unhandled 500. */
export function parseStatus(value: unknown): ConversationStatus {
  const status = STATUSES.find((s) => s === value);
  if (!status) throw internalError();
  return status;
}

/**
 * conversations#create's before_actions: `inbox_id` + `contact_id` build (or reuse)
 * the contact_inbox; otherwise the legacy lookup `ContactInbox.find_by!(source_id:)`,
 * which is NOT scoped to the account, followed by an inbox authorization.
 */
function resolveContactInbox(ctx: EmulatorContext, caller: Caller, p: Params): ContactInbox {
  let inbox: Inbox | undefined;
  const inboxId = presentStr(p, "inbox_id");
  if (inboxId !== undefined) {
    inbox = ctx.state.inboxes.get(Number(inboxId));
    if (!inbox || inbox.accountId !== caller.account.id) throw notFound();
    requireInboxAccess(caller, inbox);
  }
  const contactId = presentStr(p, "contact_id");
  const contact =
    contactId === undefined ? undefined : findContact(ctx, caller.account.id, contactId);
  const sourceId = presentStr(p, "source_id");
  let contactInbox: ContactInbox | undefined;
  if (inbox && contact) contactInbox = buildContactInbox(ctx, contact, inbox, sourceId);
  contactInbox ??= [...ctx.state.contactInboxes.values()].find(
    (ci) => ci.sourceId === (str(p, "source_id") ?? null),
  );
  if (!contactInbox) throw notFound();
  const ciInbox = ctx.state.inboxes.get(contactInbox.inboxId);
  if (!ciInbox) throw notFound();
  requireInboxAccess(caller, ciInbox);
  return contactInbox;
}

/** `ConversationBuilder`: lock_to_single_conversation returns the existing one. */
export function createConversation(ctx: EmulatorContext, caller: Caller, p: Params): Conversation {
  const contactInbox = resolveContactInbox(ctx, caller, p);
  const inbox = ctx.state.inboxes.get(contactInbox.inboxId);
  if (!inbox) throw notFound();
  if (inbox.settings.lockToSingleConversation) {
    const existing = ctx.state.conversationsOfContactInbox(contactInbox.id)[0];
    if (existing) return existing;
  }
  const status = present(p.status)
    ? parseStatus(p.status)
    : inbox.agentBotId !== null
      ? "pending"
      : "open";
  const assigneeId = toI(p.assignee_id);
  const snoozed = toI(p.snoozed_until);
  const now = ctx.now();
  const conversation: Conversation = {
    id: ctx.state.nextId("conversations"),
    displayId: ctx.state.nextDisplayId(caller.account.id),
    accountId: caller.account.id,
    inboxId: inbox.id,
    contactId: contactInbox.contactId,
    contactInboxId: contactInbox.id,
    uuid: uuid(),
    status,
    priority: null,
    assigneeId: ctx.state.users.has(assigneeId) ? assigneeId : null,
    teamId: null,
    snoozedUntil: snoozed > 0 ? snoozed * 1000 : null,
    additionalAttributes: isRecord(p.additional_attributes) ? p.additional_attributes : {},
    customAttributes: isRecord(p.custom_attributes) ? p.custom_attributes : {},
    labels: [],
    muted: false,
    agentLastSeenAt: null,
    assigneeLastSeenAt: null,
    contactLastSeenAt: null,
    firstReplyCreatedAt: null,
    waitingSince: now,
    lastActivityAt: now,
    createdAt: now,
    updatedAt: now,
  };
  ctx.state.addConversation(conversation);
  ctx.events.emit({ name: "conversation_created", conversationId: conversation.id });
  return conversation;
}

export interface ToggleResult {
  success: boolean | null;
  conversation: Conversation;
}

/**
 * conversations#toggle_status: an explicit status (plus snoozed_until in unix seconds),
 * or open ⇄ resolved without one. A bot moving pending → open is a handoff (success
 * is then null, as the view renders an unset @status). A human agent (not an admin)
 * who opens a conversation is assigned to it.
 */
export function toggleStatus(
  ctx: EmulatorContext,
  caller: Caller,
  c: Conversation,
  p: Params,
): ToggleResult {
  const actor = actorOf(caller);
  const requested = p.status;
  if (caller.kind === "bot" && c.status === "pending" && requested === "open") {
    changeConversation(ctx, c, { status: "open" }, actor);
    return { success: null, conversation: c };
  }
  if (present(requested)) {
    const status = parseStatus(requested);
    const snoozed = "snoozed_until" in p ? toI(p.snoozed_until) : null;
    const patch =
      snoozed === null ? { status } : { status, snoozedUntil: snoozed > 0 ? snoozed * 1000 : null };
    changeConversation(ctx, c, patch, actor);
  } else {
    changeConversation(ctx, c, { status: c.status === "open" ? "resolved" : "open" }, actor);
  }
  if (c.status === "open" && caller.kind === "user" && caller.role === "agent") {
    changeConversation(ctx, c, { assigneeId: caller.user.id }, actor);
  }
  return { success: true, conversation: c };
}
