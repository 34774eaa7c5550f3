import type { Account, AgentBot, Role, User } from "../types.js";

export type Json = Record<string, unknown>;

/** `User#push_event_data`: the sender of a REST message and conversation assignees. */
export function userPushData(user: User): Json {
  return {
    id: user.id,
    name: user.name,
    available_name: user.name,
    avatar_url: "",
    type: "user",
    availability_status: "offline",
    thumbnail: "",
  };
}

/** `User#webhook_data`: the sender of a message in webhook payloads. */
export function userWebhookData(user: User): Json {
  return { id: user.id, name: user.name, email: user.email, type: "user" };
}

export function botPushData(bot: AgentBot): Json {
  return { id: bot.id, name: bot.name, avatar_url: "", type: "agent_bot" };
}

export function botWebhookData(bot: AgentBot): Json {
  return { id: bot.id, name: bot.name, type: "agent_bot" };
}

/** The `api/v1/models/_agent` partial (conversation meta.assignee, assignments). */
export function agentJson(user: User, accountId: number): Json {
  return {
    id: user.id,
    account_id: accountId,
    availability_status: "offline",
    auto_offline: true,
    confirmed: true,
    email: user.email,
    available_name: user.name,
    name: user.name,
    role: user.roles.get(accountId) ?? "agent",
    thumbnail: "",
    custom_role_id: null,
  };
}

export function accountWebhookData(account: Account): Json {
  return { id: account.id, name: account.name };
}

/** `GET /api/v1/profile`. */
export function profileJson(user: User, accounts: Account[]): Json {
  const first = accounts[0];
  return {
    id: user.id,
    access_token: user.accessToken,
    account_id: first?.id ?? null,
    available_name: user.name,
    avatar_url: "",
    confirmed: true,
    display_name: null,
    message_signature: null,
    email: user.email,
    hmac_identifier: "",
    inviter_id: null,
    name: user.name,
    provider: "email",
    pubsub_token: "",
    role: first ? roleIn(user, first.id) : "agent",
    ui_settings: {},
    uid: user.email,
    type: "User",
    accounts: accounts.map((a) => ({
      id: a.id,
      name: a.name,
      status: "active",
      active_at: null,
      role: roleIn(user, a.id),
      permissions: [roleIn(user, a.id)],
      availability: "offline",
      availability_status: "offline",
      auto_offline: true,
      custom_role_id: null,
      custom_role: null,
    })),
  };
}

const roleIn = (user: User, accountId: number): Role => user.roles.get(accountId) ?? "agent";
