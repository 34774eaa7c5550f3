import type { Caller } from "./context.js";
import {
  botNotAllowed,
  invalidAccessToken,
  notAccountMember,
  notAuthorized,
  notFound,
  signInRequired,
} from "./errors.js";
import type { EmulatorState } from "./state.js";
import type { AgentBot, Inbox, User } from "./types.js";

type Headers = Record<string, string | string[] | undefined>;

/**
 * Rails sees both `api_access_token` and `api-access-token` as HTTP_API_ACCESS_TOKEN, and
 * treats an empty header as absent (`present?`), falling back to devise session auth.
 */
export function tokenFrom(headers: Headers): string | undefined {
  for (const name of ["api_access_token", "api-access-token"]) {
    const raw = headers[name];
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (value !== undefined && value.trim() !== "") return value;
  }
  return undefined;
}

type Owner = { kind: "user"; user: User } | { kind: "bot"; bot: AgentBot };

function tokenOwner(state: EmulatorState, headers: Headers): Owner {
  const token = tokenFrom(headers);
  if (token === undefined) throw signInRequired();
  const user = state.userByToken(token);
  if (user) return { kind: "user", user };
  const bot = state.botByToken(token);
  if (bot) return { kind: "bot", bot };
  throw invalidAccessToken();
}

/** `/api/v1/profile` and other user-only endpoints outside an account. */
export function authenticateUser(state: EmulatorState, headers: Headers): User {
  const owner = tokenOwner(state, headers);
  if (owner.kind === "bot") throw botNotAllowed();
  return owner.user;
}

/**
 * The before_actions of `Api::V1::Accounts::BaseController`, in Chatwoot's order:
 * token → bot whitelist → `Account.find` (404) → membership (401).
 */
export function authenticate(
  state: EmulatorState,
  headers: Headers,
  accountIdParam: string,
  botAllowed: boolean,
): Caller {
  const owner = tokenOwner(state, headers);
  if (owner.kind === "bot" && !botAllowed) throw botNotAllowed();
  const account = /^\d+$/.test(accountIdParam)
    ? state.accounts.get(Number(accountIdParam))
    : undefined;
  if (!account) throw notFound();
  if (owner.kind === "bot") {
    const attached = state
      .accountInboxes(account.id)
      .some((inbox) => inbox.agentBotId === owner.bot.id);
    if (!attached) throw notAccountMember();
    return { kind: "bot", bot: owner.bot, account };
  }
  const role = owner.user.roles.get(account.id);
  if (!role) throw notAccountMember();
  return { kind: "user", user: owner.user, account, role };
}

export const isAdmin = (caller: Caller): boolean =>
  caller.kind === "user" && caller.role === "administrator";

/** InboxPolicy#show?: admins see all inboxes, agents their member inboxes, bots theirs. */
export function canSeeInbox(caller: Caller, inbox: Inbox): boolean {
  if (inbox.accountId !== caller.account.id) return false;
  if (caller.kind === "bot") return inbox.agentBotId === caller.bot.id;
  return caller.role === "administrator" || inbox.memberIds.has(caller.user.id);
}

export function requireAdmin(caller: Caller): void {
  if (!isAdmin(caller)) throw notAuthorized();
}

export function requireInboxAccess(caller: Caller, inbox: Inbox): void {
  if (!canSeeInbox(caller, inbox)) throw notAuthorized();
}
