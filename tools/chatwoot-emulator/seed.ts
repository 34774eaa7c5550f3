import type { EmulatorState } from "./state.js";
import type { Role } from "./types.js";

export interface SeededUser {
  id: number;
  name: string;
  email: string;
  role: Role;
  /** The user's api_access_token. */
  token: string;
}

export interface SeededBot {
  id: number;
  name: string;
  /** The agent bot's api_access_token (only valid once the bot is attached to an inbox). */
  token: string;
}

/** An account with one administrator, one agent and one agent bot. */
export interface SeededAccount {
  id: number;
  name: string;
  admin: SeededUser;
  agent: SeededUser;
  bot: SeededBot;
}

export function addUser(
  state: EmulatorState,
  accountId: number,
  role: Role,
  name: string,
  email: string,
): SeededUser {
  const user = state.addUser(accountId, role, name, email);
  return { id: user.id, name, email, role, token: user.accessToken };
}

export function seedAccount(state: EmulatorState, name: string): SeededAccount {
  const account = state.addAccount(name);
  const slug = `account${account.id}`;
  const admin = addUser(state, account.id, "administrator", "Maria", `maria@${slug}.test`);
  const agent = addUser(state, account.id, "agent", "Joao", `joao@${slug}.test`);
  const bot = state.addBot(account.id, "Ponte Bot");
  return {
    id: account.id,
    name: account.name,
    admin,
    agent,
    bot: { id: bot.id, name: bot.name, token: bot.accessToken },
  };
}
