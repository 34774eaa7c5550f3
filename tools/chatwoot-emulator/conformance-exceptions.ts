/**
 * Where Chatwoot's generated swagger disagrees with what Chatwoot's server really
 * sends or accepts. Each entry names the operation, the ajv instancePath and the
 * reason (NOTES.md, or the Rails code behind it). `nullOnly` entries excuse a `type`
 * error only when the value is null: Rails renders nil as null, and the generated
 * spec rarely says `nullable`.
 */
export type Direction = "request" | "response";

export interface SwaggerException {
  operation: string;
  direction: Direction;
  /** ajv instancePath ("" is the root), exact or a pattern. */
  path: string | RegExp;
  /** Restrict to one ajv keyword ("type", "enum", "status" for an undeclared status…). */
  keyword?: string;
  /** Only when the offending value is null. */
  nullOnly?: boolean;
  reason: string;
}

const INBOX_OPS = ["inboxCreation", "listAllInboxes", "GetInbox", "updateInbox"];
const CONVERSATION_OPS = [
  "contactConversations",
  "conversationList",
  "conversationFilter",
  "get-details-of-a-conversation",
];

function nulls(operations: string[], path: RegExp, reason: string): SwaggerException[] {
  return operations.map((operation) => ({
    operation,
    direction: "response",
    path,
    keyword: "type",
    nullOnly: true,
    reason,
  }));
}

function each(operations: string[], rest: Omit<SwaggerException, "operation">): SwaggerException[] {
  return operations.map((operation) => ({ operation, ...rest }));
}

export const EXCEPTIONS: SwaggerException[] = [
  // ── nil rendered as null ──────────────────────────────────────────────────
  ...nulls(
    INBOX_OPS,
    /\/(website_url|widget_color|website_token|web_widget_script|welcome_title|welcome_tagline|selected_feature_flags|reply_time|messaging_service_sid|phone_number|provider|callback_webhook_url)$/,
    "The _inbox partial calls channel.try(...) for widget/Twilio keys on every channel, so an API inbox has them as null (NOTES §b).",
  ),
  ...nulls(
    INBOX_OPS,
    /\/(greeting_message|out_of_office_message|business_name)$/,
    "Optional inbox columns default to nil.",
  ),
  ...nulls(
    INBOX_OPS,
    /\/working_hours\/\d+\/(open_hour|open_minutes|close_hour|close_minutes)$/,
    "working_hours rows of closed days have nil hours (Chatwoot seeds Sat/Sun closed).",
  ),
  ...nulls(["fetchProfile"], /^\/inviter_id$/, "A user nobody invited has inviter_id nil."),
  ...nulls(
    ["fetchProfile"],
    /^\/accounts\/\d+\/active_at$/,
    "account_users.active_at is nil until the user is seen active.",
  ),
  ...nulls(
    ["add-new-agent-to-inbox", "get-inbox-members", "list-all-messages"],
    /custom_role_id$/,
    "custom_role_id is nil unless an enterprise custom role is assigned.",
  ),
  ...nulls(
    CONVERSATION_OPS,
    /\/(snoozed_until|priority|sla_policy_id)$/,
    "A conversation that is not snoozed, has no priority and no SLA has these nil (NOTES §d shows null).",
  ),
  ...nulls(
    [...CONVERSATION_OPS, "create-a-new-message-in-a-conversation", "list-all-messages"],
    /source_id$/,
    "Messages created without a source_id have it nil (NOTES §e: `source_id: null`).",
  ),
  ...nulls(
    ["list-all-messages"],
    /^\/meta\/(agent_last_seen_at|assignee_last_seen_at)$/,
    "Nil until an agent opens the conversation.",
  ),
  // ── shapes and types the swagger gets wrong ───────────────────────────────
  ...each(CONVERSATION_OPS, {
    direction: "response",
    path: /(^|\/)timestamp$/,
    keyword: "type",
    reason: "`timestamp` is last_activity_at.to_i, an integer (NOTES §d), not a string.",
  }),
  ...each(CONVERSATION_OPS, {
    direction: "response",
    path: /(messages\/\d+|last_non_activity_message)\/updated_at$/,
    keyword: "type",
    reason:
      "push_event_data merges the raw attributes, so updated_at is a datetime (ISO string), not an integer.",
  }),
  ...each(CONVERSATION_OPS, {
    direction: "response",
    path: /(messages\/\d+|last_non_activity_message)\/sender_type$/,
    keyword: "enum",
    reason:
      "sender_type is the polymorphic class name (User, Contact, AgentBot), not contact/agent/agent_bot.",
  }),
  {
    operation: "contactCreate",
    direction: "request",
    path: "",
    keyword: "required",
    reason: "The swagger marks inbox_id required; the controller does not (NOTES §c).",
  },
  {
    operation: "contactCreate",
    direction: "response",
    path: "/payload",
    keyword: "type",
    reason:
      "The real body is {payload:{contact, contact_inbox}}, not the swagger's payload array (NOTES §c).",
  },
  {
    operation: "contactUpdate",
    direction: "response",
    path: "",
    keyword: "status",
    reason: "contacts#update renders 200 {payload: contact} (NOTES §c); the swagger says 204.",
  },
  ...each(["contactSearch", "contactFilter"], {
    direction: "response",
    path: "/meta/current_page",
    keyword: "type",
    reason: "@current_page = params[:page] || 1: the integer 1 when no page param is sent.",
  }),
  {
    operation: "conversationFilter",
    direction: "request",
    path: /\/payload\/\d+\/query_operator$/,
    reason:
      "The last condition's query_operator is null, as in the swagger's own example and NOTES §c.",
  },
  {
    operation: "updateAgentBot",
    direction: "response",
    path: "",
    keyword: "status",
    reason: "inboxes#set_agent_bot ends with `head :ok` (200), not 204.",
  },
  {
    operation: "updateAgentBot",
    direction: "request",
    path: "/agent_bot",
    keyword: "type",
    reason: "agent_bot: null detaches the bot (the controller destroys the agent_bot_inbox).",
  },
  ...each(["create-a-webhook", "update-a-webhook"], {
    direction: "response",
    path: "",
    keyword: "shape",
    reason:
      "webhooks/create.json.jbuilder wraps the webhook as {payload:{webhook:{…}}}; the swagger shows it bare.",
  }),
  {
    operation: "list-all-webhooks",
    direction: "response",
    path: "",
    keyword: "type",
    reason:
      "webhooks/index.json.jbuilder renders {payload:{webhooks:[…]}}, not a bare array (NOTES §b).",
  },
];
