import type { Inbox } from "../types.js";
import { iso } from "./time.js";
import type { Json } from "./users.js";

/** Mon–Fri 09:00–17:00, weekend closed: the schedule Chatwoot seeds for a new inbox. */
function weeklySchedule(): Json[] {
  return [0, 1, 2, 3, 4, 5, 6].map((day) => {
    const weekend = day === 0 || day === 6;
    return {
      day_of_week: day,
      closed_all_day: weekend,
      open_hour: weekend ? null : 9,
      open_minutes: weekend ? null : 0,
      close_hour: weekend ? null : 17,
      close_minutes: weekend ? null : 0,
      open_all_day: false,
    };
  });
}

function commonFields(inbox: Inbox): Json {
  const s = inbox.settings;
  return {
    id: inbox.id,
    avatar_url: "",
    channel_id: inbox.channelId,
    name: inbox.name,
    channel_type: inbox.channelType,
    greeting_enabled: s.greetingEnabled,
    greeting_message: s.greetingMessage,
    working_hours_enabled: s.workingHoursEnabled,
    enable_email_collect: s.enableEmailCollect,
    csat_survey_enabled: s.csatSurveyEnabled,
    csat_response_visible: false,
    enable_auto_assignment: s.enableAutoAssignment,
    auto_assignment_config: {},
    out_of_office_message: s.outOfOfficeMessage,
    working_hours: weeklySchedule(),
    timezone: s.timezone,
    callback_webhook_url: null,
    allow_messages_after_resolved: s.allowMessagesAfterResolved,
    lock_to_single_conversation: s.lockToSingleConversation,
    sender_name_type: s.senderNameType,
    business_name: s.businessName,
  };
}

/**
 * The `api/v1/models/_inbox` partial. Widget keys are present (null) on API inboxes
 * because the view calls `channel.try(...)` for every channel type; `hmac_token` and
 * `secret` are only rendered for administrators.
 */
export function inboxJson(inbox: Inbox, isAdmin: boolean, signing: boolean): Json {
  const ch = inbox.channel;
  const widget = ch.kind === "web_widget" ? ch : null;
  const json: Json = {
    ...commonFields(inbox),
    widget_color: widget?.widgetColor ?? null,
    website_url: widget?.websiteUrl ?? null,
    hmac_mandatory: ch.kind === "api" ? ch.hmacMandatory : false,
    welcome_title: widget?.welcomeTitle ?? null,
    welcome_tagline: widget?.welcomeTagline ?? null,
    web_widget_script: widget ? `<script>/* widget ${widget.websiteToken} */</script>` : null,
    website_token: widget?.websiteToken ?? null,
    selected_feature_flags: null,
    reply_time: widget ? "in_a_few_minutes" : null,
  };
  if (widget && isAdmin) json.hmac_token = widget.hmacToken;
  json.messaging_service_sid = null;
  json.phone_number = null;
  if (ch.kind === "api") {
    if (isAdmin) json.hmac_token = ch.hmacToken;
    if (isAdmin && signing) json.secret = ch.secret;
    json.webhook_url = ch.webhookUrl;
    json.inbox_identifier = ch.identifier;
    json.additional_attributes = ch.additionalAttributes;
  }
  json.provider = null;
  return json;
}

/** The `api/v1/models/_contact_inbox` partial's inbox (contact.contact_inboxes[]). */
export function slimInboxJson(inbox: Inbox): Json {
  return {
    id: inbox.id,
    avatar_url: "",
    channel_id: inbox.channelId,
    name: inbox.name,
    channel_type: inbox.channelType,
    provider: null,
  };
}

/** `json.inbox @contact_inbox.inbox`: the raw record's columns, as contacts#create shows them. */
export function inboxRecordJson(inbox: Inbox): Json {
  const s = inbox.settings;
  return {
    id: inbox.id,
    channel_id: inbox.channelId,
    account_id: inbox.accountId,
    name: inbox.name,
    created_at: iso(inbox.createdAt),
    updated_at: iso(inbox.updatedAt),
    channel_type: inbox.channelType,
    enable_auto_assignment: s.enableAutoAssignment,
    greeting_enabled: s.greetingEnabled,
    greeting_message: s.greetingMessage,
    email_address: null,
    working_hours_enabled: s.workingHoursEnabled,
    out_of_office_message: s.outOfOfficeMessage,
    timezone: s.timezone,
    enable_email_collect: s.enableEmailCollect,
    csat_survey_enabled: s.csatSurveyEnabled,
    allow_messages_after_resolved: s.allowMessagesAfterResolved,
    auto_assignment_config: {},
    lock_to_single_conversation: s.lockToSingleConversation,
    portal_id: null,
    sender_name_type: s.senderNameType,
    business_name: s.businessName,
  };
}

export const inboxWebhookData = (inbox: Inbox): Json => ({ id: inbox.id, name: inbox.name });
