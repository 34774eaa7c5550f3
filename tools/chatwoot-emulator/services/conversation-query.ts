import { canSeeInbox } from "../auth.js";
import type { Caller, EmulatorContext } from "../context.js";
import type { Params } from "../http/params.js";
import { present, str, toI } from "../http/params.js";
import type { Conversation } from "../types.js";
import type { FilterAttribute } from "./filter-dsl.js";
import { compileFilter, exactAttr, textAttr } from "./filter-dsl.js";

export const CONVERSATIONS_PER_PAGE = 25;

export interface ConversationCounts {
  mine_count: number;
  unassigned_count: number;
  assigned_count: number;
  all_count: number;
}

export interface ConversationPage {
  counts: ConversationCounts;
  conversations: Conversation[];
}

/** Conversations in the inboxes the caller may see (ConversationFinder's inbox_ids). */
export function visibleConversations(ctx: EmulatorContext, caller: Caller): Conversation[] {
  return ctx.state.accountConversations(caller.account.id).filter((c) => {
    const inbox = ctx.state.inboxes.get(c.inboxId);
    return inbox !== undefined && canSeeInbox(caller, inbox);
  });
}

function counts(caller: Caller, list: Conversation[]): ConversationCounts {
  const me = caller.kind === "user" ? caller.user.id : -1;
  return {
    mine_count: list.filter((c) => c.assigneeId === me).length,
    unassigned_count: list.filter((c) => c.assigneeId === null).length,
    assigned_count: list.filter((c) => c.assigneeId !== null).length,
    all_count: list.length,
  };
}

function byAssigneeType(caller: Caller, list: Conversation[], type: string | undefined) {
  const me = caller.kind === "user" ? caller.user.id : -1;
  if (type === "me") return list.filter((c) => c.assigneeId === me);
  if (type === "unassigned") return list.filter((c) => c.assigneeId === null);
  if (type === "assigned") return list.filter((c) => c.assigneeId !== null);
  return list;
}

function matchesQuery(ctx: EmulatorContext, c: Conversation, q: string): boolean {
  const needle = q.toLowerCase();
  if (String(c.displayId) === q) return true;
  return ctx.state
    .conversationMessages(c.id)
    .some((m) => (m.content ?? "").toLowerCase().includes(needle));
}

const latestFirst = (a: Conversation, b: Conversation) =>
  b.lastActivityAt - a.lastActivityAt || b.id - a.id;

function page<T>(list: T[], p: Params): T[] {
  const n = Math.max(1, toI(str(p, "page") ?? "1") || 1);
  return list.slice((n - 1) * CONVERSATIONS_PER_PAGE, n * CONVERSATIONS_PER_PAGE);
}

/** conversations#index and #meta (status defaults to open; assignee_type to all). */
export function listConversations(
  ctx: EmulatorContext,
  caller: Caller,
  p: Params,
): ConversationPage {
  const status = str(p, "status") ?? "open";
  const inboxId = str(p, "inbox_id");
  const teamId = str(p, "team_id");
  const labels = Array.isArray(p.labels) ? p.labels.map(String) : [];
  const q = str(p, "q")?.trim();
  let list = visibleConversations(ctx, caller)
    .filter((c) => status === "all" || c.status === status)
    .filter((c) => !present(inboxId) || c.inboxId === Number(inboxId))
    .filter((c) => !present(teamId) || c.teamId === Number(teamId))
    .filter((c) => labels.length === 0 || labels.some((l) => c.labels.includes(l)));
  if (q) list = list.filter((c) => matchesQuery(ctx, c, q));
  const result = counts(caller, list);
  const filtered = byAssigneeType(caller, list, str(p, "assignee_type"));
  return { counts: result, conversations: page(filtered.sort(latestFirst), p) };
}

const additional =
  (key: string) =>
  (c: Conversation): unknown =>
    c.additionalAttributes[key];

const CONVERSATION_FILTERS: Record<string, FilterAttribute<Conversation>> = {
  status: exactAttr((c) => c.status),
  assignee_id: exactAttr((c) => c.assigneeId),
  inbox_id: exactAttr((c) => c.inboxId),
  team_id: exactAttr((c) => c.teamId),
  contact_id: exactAttr((c) => c.contactId),
  priority: exactAttr((c) => c.priority),
  display_id: {
    ...exactAttr((c: Conversation) => c.displayId),
    operators: ["equal_to", "not_equal_to", "contains", "does_not_contain"],
  },
  campaign_id: exactAttr(additional("campaign_id")),
  labels: {
    ...exactAttr((c: Conversation) => c.labels),
    kind: "list",
    operators: ["equal_to", "not_equal_to", "is_present", "is_not_present"],
  },
  browser_language: exactAttr(additional("browser_language")),
  conversation_language: exactAttr(additional("conversation_language")),
  referer: textAttr(additional("referer")),
  created_at: exactAttr((c) => c.createdAt),
  last_activity_at: exactAttr((c) => c.lastActivityAt),
  mail_subject: textAttr(additional("mail_subject")),
};

/** conversations/filter: the DSL over the visible conversations. */
export function filterConversations(
  ctx: EmulatorContext,
  caller: Caller,
  p: Params,
): ConversationPage {
  const all = visibleConversations(ctx, caller);
  const customKeys = new Set(all.flatMap((c) => Object.keys(c.customAttributes)));
  const predicate = compileFilter(p.payload, CONVERSATION_FILTERS, (key) =>
    customKeys.has(key) ? textAttr((c: Conversation) => c.customAttributes[key]) : undefined,
  );
  const list = all.filter(predicate).sort(latestFirst);
  return { counts: counts(caller, list), conversations: page(list, p) };
}
