import type { ChangedAttributes, EmulatorContext } from "../context.js";
import { internalError, notFound, recordInvalid } from "../errors.js";
import type { FieldError } from "../errors.js";
import type { Params } from "../http/params.js";
import { castBool, isRecord, obj, present, str, toI } from "../http/params.js";
import { secureToken } from "../state.js";
import type { ApiChannel, Inbox, InboxSettings, WidgetChannel } from "../types.js";

/** Channel types Chatwoot's inboxes#create accepts; the emulator builds two of them. */
const KNOWN_TYPES = ["web_widget", "api", "email", "line", "telegram", "whatsapp", "sms"];
const URL_LENGTH_LIMIT = 2048;

type BooleanSetting = {
  [K in keyof InboxSettings]: InboxSettings[K] extends boolean ? K : never;
}[keyof InboxSettings];

const BOOLEAN_SETTINGS: [BooleanSetting, string][] = [
  ["greetingEnabled", "greeting_enabled"],
  ["enableEmailCollect", "enable_email_collect"],
  ["csatSurveyEnabled", "csat_survey_enabled"],
  ["enableAutoAssignment", "enable_auto_assignment"],
  ["workingHoursEnabled", "working_hours_enabled"],
  ["allowMessagesAfterResolved", "allow_messages_after_resolved"],
  ["lockToSingleConversation", "lock_to_single_conversation"],
];

export function defaultSettings(): InboxSettings {
  return {
    greetingEnabled: false,
    greetingMessage: null,
    enableEmailCollect: true,
    csatSurveyEnabled: false,
    enableAutoAssignment: true,
    workingHoursEnabled: false,
    outOfOfficeMessage: null,
    timezone: "UTC",
    allowMessagesAfterResolved: true,
    lockToSingleConversation: false,
    senderNameType: "friendly",
    businessName: null,
  };
}

function applySettings(settings: InboxSettings, p: Params): void {
  for (const [field, key] of BOOLEAN_SETTINGS) {
    const value = castBool(p[key]);
    if (value !== null) settings[field] = value;
  }
  if ("greeting_message" in p) settings.greetingMessage = str(p, "greeting_message") ?? null;
  if ("out_of_office_message" in p)
    settings.outOfOfficeMessage = str(p, "out_of_office_message") ?? null;
  if ("business_name" in p) settings.businessName = str(p, "business_name") ?? null;
  const tz = str(p, "timezone");
  if (tz) settings.timezone = tz;
  const nameType = str(p, "sender_name_type");
  if (nameType === "friendly" || nameType === "professional") settings.senderNameType = nameType;
}

/** Channel::Api validations: URL length and a positive agent_reply_time_window. */
function validateApiChannel(channel: ApiChannel): FieldError[] {
  const errors: FieldError[] = [];
  if (channel.webhookUrl.length > URL_LENGTH_LIMIT) {
    errors.push({
      attribute: "webhook_url",
      message: `Webhook url is too long (maximum is ${URL_LENGTH_LIMIT} characters)`,
    });
  }
  const window = channel.additionalAttributes.agent_reply_time_window;
  if (present(window) && toI(window) <= 0) {
    errors.push({
      attribute: "agent_reply_time_window",
      message: "Agent reply time window agent_reply_time_window must be greater than 0",
    });
  }
  return errors;
}

function applyApiChannel(channel: ApiChannel, p: Params): void {
  if ("webhook_url" in p) channel.webhookUrl = str(p, "webhook_url") ?? "";
  const hmac = castBool(p.hmac_mandatory);
  if (hmac !== null) channel.hmacMandatory = hmac;
  if (isRecord(p.additional_attributes)) channel.additionalAttributes = p.additional_attributes;
}

function applyWidgetChannel(channel: WidgetChannel, p: Params): void {
  if ("website_url" in p) channel.websiteUrl = str(p, "website_url") ?? null;
  if ("widget_color" in p) channel.widgetColor = str(p, "widget_color") ?? null;
  if ("welcome_title" in p) channel.welcomeTitle = str(p, "welcome_title") ?? null;
  if ("welcome_tagline" in p) channel.welcomeTagline = str(p, "welcome_tagline") ?? null;
}

function buildChannel(type: string | undefined, p: Params): ApiChannel | WidgetChannel | null {
  if (type === "api") {
    const channel: ApiChannel = {
      kind: "api",
      webhookUrl: "",
      hmacMandatory: false,
      identifier: secureToken(),
      hmacToken: secureToken(),
      secret: secureToken(),
      additionalAttributes: {},
    };
    applyApiChannel(channel, p);
    return channel;
  }
  if (type === "web_widget") {
    const channel: WidgetChannel = {
      kind: "web_widget",
      websiteUrl: null,
      widgetColor: null,
      websiteToken: secureToken(),
      hmacToken: secureToken(),
      welcomeTitle: null,
      welcomeTagline: null,
    };
    applyWidgetChannel(channel, p);
    return channel;
  }
  return null;
}

/** inboxes#create. A missing `channel` crashes Chatwoot (NoMethodError on nil → 500). */
export function createInbox(ctx: EmulatorContext, accountId: number, p: Params): Inbox {
  const channelParams = obj(p, "channel");
  if (!channelParams) throw internalError();
  const type = str(channelParams, "type");
  const channel = KNOWN_TYPES.includes(type ?? "") ? buildChannel(type, channelParams) : null;
  const errors: FieldError[] = channel?.kind === "api" ? validateApiChannel(channel) : [];
  if (errors.length > 0) throw recordInvalid(errors);
  const name = str(p, "name") ?? "";
  if (!channel) errors.push({ attribute: "channel", message: "Channel must exist" });
  if (name.trim() === "") errors.push({ attribute: "name", message: "Name can't be blank" });
  if (errors.length > 0 || !channel) throw recordInvalid(errors);
  const now = ctx.now();
  const inbox: Inbox = {
    id: ctx.state.nextId("inboxes"),
    accountId,
    channelId: ctx.state.nextId(channel.kind === "api" ? "channel_api" : "channel_web_widgets"),
    name,
    channelType: channel.kind === "api" ? "Channel::Api" : "Channel::WebWidget",
    channel,
    settings: defaultSettings(),
    memberIds: new Set(),
    agentBotId: null,
    createdAt: now,
    updatedAt: now,
  };
  applySettings(inbox.settings, p);
  ctx.state.inboxes.set(inbox.id, inbox);
  ctx.events.emit({ name: "inbox_created", inboxId: inbox.id });
  return inbox;
}

/** inboxes#update: inbox fields plus the channel's editable attributes. */
export function updateInbox(ctx: EmulatorContext, inbox: Inbox, p: Params): Inbox {
  const before = { name: inbox.name, webhook_url: webhookUrlOf(inbox) };
  const channelParams = obj(p, "channel") ?? {};
  const draft = structuredClone(inbox.channel);
  if (draft.kind === "api") applyApiChannel(draft, channelParams);
  else applyWidgetChannel(draft, channelParams);
  const errors = draft.kind === "api" ? validateApiChannel(draft) : [];
  const name = "name" in p ? (str(p, "name") ?? "") : inbox.name;
  if (name.trim() === "") errors.push({ attribute: "name", message: "Name can't be blank" });
  if (errors.length > 0) throw recordInvalid(errors);
  inbox.channel = draft;
  inbox.name = name;
  applySettings(inbox.settings, p);
  inbox.updatedAt = ctx.now();
  const changed: ChangedAttributes = [];
  if (before.name !== inbox.name) {
    changed.push({ name: { previous_value: before.name, current_value: inbox.name } });
  }
  if (before.webhook_url !== webhookUrlOf(inbox)) {
    const current = webhookUrlOf(inbox);
    changed.push({ webhook_url: { previous_value: before.webhook_url, current_value: current } });
  }
  if (changed.length > 0) ctx.events.emit({ name: "inbox_updated", inboxId: inbox.id, changed });
  return inbox;
}

const webhookUrlOf = (inbox: Inbox): string | null =>
  inbox.channel.kind === "api" ? inbox.channel.webhookUrl : null;

/** `Channel::Api#reset_secret!` (API inboxes only; 404 for other channels). */
export function resetSecret(inbox: Inbox): Inbox {
  if (inbox.channel.kind !== "api") throw notFound();
  inbox.channel.secret = secureToken();
  return inbox;
}

/** What `DeleteObjectJob` removes along with an inbox. */
export function destroyInbox(ctx: EmulatorContext, inboxId: number): void {
  const { state } = ctx;
  for (const c of [...state.conversations.values()]) {
    if (c.inboxId === inboxId) state.removeConversation(c);
  }
  for (const ci of [...state.contactInboxes.values()]) {
    if (ci.inboxId === inboxId) state.removeContactInbox(ci);
  }
  state.inboxes.delete(inboxId);
}
