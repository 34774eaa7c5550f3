import type { CallRecord } from "./call-log.js";
import type { EmulatorContext } from "./context.js";
import { ChatwootError, notFound } from "./errors.js";
import type {
  AttachmentInput,
  ControlDeps,
  ConversationRef,
  DeliveryFilter,
  IncomingInput,
  InboxInput,
  ReplyInput,
  StatusInput,
} from "./control-types.js";
import type { ActiveFault, FaultRule } from "./faults.js";
import { sleep } from "./faults.js";
import { contactJson } from "./presenters/contacts.js";
import { conversationJson } from "./presenters/conversations.js";
import { inboxJson } from "./presenters/inboxes.js";
import { messageJson } from "./presenters/messages.js";
import type { Json } from "./presenters/users.js";
import type { RateLimitConfig } from "./rate-limit.js";
import type { SeededAccount, SeededUser } from "./seed.js";
import { addUser, seedAccount } from "./seed.js";
import { createWebhook, webhookJson } from "./services/account-webhooks.js";
import type { Actor } from "./services/conversation-changes.js";
import { changeConversation } from "./services/conversation-changes.js";
import { createInbox } from "./services/inboxes.js";
import { createMessage, deleteMessage, findMessage } from "./services/messages.js";
import type { Conversation, Role } from "./types.js";
import type { WebhookDelivery } from "./webhooks/dispatcher.js";

export type {
  AttachmentInput,
  ControlDeps,
  ConversationRef,
  DeliveryFilter,
  IncomingInput,
  InboxInput,
  ReplyInput,
  StatusInput,
} from "./control-types.js";

const toFiles = (list: AttachmentInput[] = []) =>
  list.map((a) => ({
    fileName: a.fileName,
    contentType: a.contentType,
    data: Buffer.from(a.data),
  }));

/**
 * Drives and inspects the emulator in-process (the same operations are exposed over
 * HTTP under /_emulator). Agent actions go through the same services as the REST API,
 * so they fire exactly the webhooks an agent working in Chatwoot's UI would.
 * Everything returns the JSON Chatwoot's REST API would render (administrator view).
 */
export class EmulatorControl {
  private readonly ctx: EmulatorContext;

  constructor(private readonly deps: ControlDeps) {
    this.ctx = deps.ctx;
  }

  // ── setup ────────────────────────────────────────────────────────────────────
  accounts(): SeededAccount[] {
    return [...this.deps.accounts];
  }

  createAccount(name = "Acme"): SeededAccount {
    const seeded = seedAccount(this.ctx.state, name);
    this.deps.accounts.push(seeded);
    return seeded;
  }

  createUser(
    input: { accountId?: number; role?: Role; name?: string; email?: string } = {},
  ): SeededUser {
    const n = this.ctx.state.users.size + 1;
    const email = input.email ?? `user${n}@emulator.test`;
    return addUser(
      this.ctx.state,
      this.account(input.accountId),
      input.role ?? "agent",
      input.name ?? `User ${n}`,
      email,
    );
  }

  /** Creates an inbox as an administrator would (API channel unless told otherwise). */
  createInbox(input: InboxInput = {}): Json {
    const channel = {
      type: input.channelType ?? "api",
      webhook_url: input.webhookUrl ?? "",
      additional_attributes: input.additionalAttributes,
    };
    const params = {
      name: input.name ?? "WhatsApp",
      lock_to_single_conversation: input.lockToSingleConversation,
      channel,
    };
    const inbox = createInbox(this.ctx, this.account(input.accountId), params);
    return inboxJson(inbox, true, this.ctx.signing());
  }

  addInboxMember(inboxId: number, userId: number): void {
    const inbox = this.ctx.state.inboxes.get(inboxId);
    if (!inbox || !this.ctx.state.users.has(userId)) throw notFound();
    inbox.memberIds.add(userId);
  }

  /** Attaches an agent bot to an inbox (its token then works for that account). */
  setAgentBot(inboxId: number, botId: number | null): void {
    const inbox = this.ctx.state.inboxes.get(inboxId);
    if (!inbox) throw notFound();
    inbox.agentBotId = botId;
  }

  createAccountWebhook(input: { accountId?: number; url: string; subscriptions?: string[] }): Json {
    const params = input.subscriptions
      ? { url: input.url, subscriptions: input.subscriptions }
      : { url: input.url };
    return webhookJson(
      createWebhook(this.ctx, this.account(input.accountId), params),
      this.ctx.signing(),
    );
  }

  // ── act as an agent (or as the contact) ─────────────────────────────────────
  reply(input: ReplyInput): Json {
    return this.agentMessage(input, false);
  }

  privateNote(input: ReplyInput): Json {
    return this.agentMessage(input, true);
  }

  /** A message from the contact, as an API-channel integration would post it. */
  incoming(input: IncomingInput): Json {
    const c = this.conversationRecord(input);
    const params = { content: input.content, message_type: "incoming", source_id: input.sourceId };
    const author: Actor = { kind: "contact", contactId: c.contactId };
    return messageJson(
      this.ctx,
      createMessage(this.ctx, c, author, params, toFiles(input.attachments)),
    );
  }

  setStatus(input: StatusInput): Json {
    const c = this.conversationRecord(input);
    changeConversation(this.ctx, c, { status: input.status }, this.userActor(input, input.userId));
    return conversationJson(this.ctx, c);
  }

  resolve(input: ConversationRef & { userId?: number }): Json {
    return this.setStatus({ ...input, status: "resolved" });
  }

  reopen(input: ConversationRef & { userId?: number }): Json {
    return this.setStatus({ ...input, status: "open" });
  }

  assign(input: ConversationRef & { userId: number | null; byUserId?: number }): Json {
    const c = this.conversationRecord(input);
    changeConversation(
      this.ctx,
      c,
      { assigneeId: input.userId },
      this.userActor(input, input.byUserId),
    );
    return conversationJson(this.ctx, c);
  }

  deleteMessage(input: ConversationRef & { messageId: number }): Json {
    const message = findMessage(this.ctx, this.conversationRecord(input), input.messageId);
    return messageJson(this.ctx, deleteMessage(this.ctx, message));
  }

  // ── inspect ──────────────────────────────────────────────────────────────────
  inboxes(accountId?: number): Json[] {
    const list = this.ctx.state.accountInboxes(this.account(accountId));
    return list.map((i) => inboxJson(i, true, this.ctx.signing()));
  }

  contacts(accountId?: number): Json[] {
    return this.ctx.state
      .accountContacts(this.account(accountId))
      .map((c) => contactJson(this.ctx.state, c));
  }

  conversations(accountId?: number): Json[] {
    return this.ctx.state
      .accountConversations(this.account(accountId))
      .map((c) => conversationJson(this.ctx, c));
  }

  conversation(ref: ConversationRef): Json {
    return conversationJson(this.ctx, this.conversationRecord(ref));
  }

  /** Every message of a conversation, oldest first (activity and private ones included). */
  messages(ref: ConversationRef): Json[] {
    return this.ctx.state
      .conversationMessages(this.conversationRecord(ref).id)
      .map((m) => messageJson(this.ctx, m));
  }

  /**
   * Content and creation time (the emulator's clock, ms) of every message of every
   * account: what benchmarks need, without the presenters' work for each message.
   */
  messageTimes(): { conversationId: number; content: string | null; createdAt: number }[] {
    return [...this.ctx.state.messages.values()].map((m) => ({
      conversationId: m.conversationId,
      content: m.content,
      createdAt: m.createdAt,
    }));
  }

  deliveries(filter: DeliveryFilter = {}): WebhookDelivery[] {
    const keep = (d: WebhookDelivery) =>
      (filter.event === undefined || d.event === filter.event) &&
      (filter.target === undefined || d.target === filter.target) &&
      (filter.inboxId === undefined || d.inboxId === filter.inboxId) &&
      (filter.state === undefined || d.state === filter.state);
    return this.deps.dispatcher.deliveries().filter(keep);
  }

  clearDeliveries(): void {
    this.deps.dispatcher.clear();
  }

  /** Resolves when no delivery is queued or in flight (follow-ups included). */
  waitForDeliveries(): Promise<void> {
    return this.deps.dispatcher.idle();
  }

  /** Waits for a finished delivery matching `predicate`. */
  async waitForDelivery(
    predicate: (d: WebhookDelivery) => boolean,
    timeoutMs = 5000,
  ): Promise<WebhookDelivery> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const done = this.deps.dispatcher.deliveries().filter((d) => d.finishedAt !== null);
      const found = done.find(predicate);
      if (found) return found;
      if (Date.now() > deadline)
        throw new Error("waitForDelivery: no matching delivery arrived in time");
      await sleep(5);
    }
  }

  calls(): CallRecord[] {
    return this.deps.calls.list();
  }

  /** API calls per route name, e.g. `{ "messages.create": 3 }`. */
  callCounts(): Record<string, number> {
    return this.deps.calls.countsByRoute();
  }

  resetCalls(): void {
    this.deps.calls.reset();
  }

  // ── faults and knobs ─────────────────────────────────────────────────────────
  addFault(rule: FaultRule): ActiveFault {
    return this.deps.faults.add(rule);
  }

  removeFault(id: string): boolean {
    return this.deps.faults.remove(id);
  }

  clearFaults(): void {
    this.deps.faults.clear();
  }

  faults(): ActiveFault[] {
    return this.deps.faults.list();
  }

  setRateLimit(patch: Partial<RateLimitConfig>): RateLimitConfig {
    return this.deps.rateLimiter.configure(patch);
  }

  /** Off = an instance older than the signing PRs: no secrets, no signature headers. */
  setWebhookSigning(enabled: boolean): void {
    this.deps.setSigning(enabled);
  }

  // ── helpers ──────────────────────────────────────────────────────────────────
  private conversationRecord(ref: ConversationRef): Conversation {
    const c = this.ctx.state.conversationByDisplayId(
      this.account(ref.accountId),
      ref.conversationId,
    );
    if (!c) throw notFound();
    return c;
  }

  private account(id?: number): number {
    const resolved = id ?? this.deps.accounts[0]?.id;
    if (resolved === undefined || !this.ctx.state.accounts.has(resolved)) throw notFound();
    return resolved;
  }

  private userActor(ref: ConversationRef, userId?: number): Actor {
    const accountId = this.account(ref.accountId);
    const admin = [...this.ctx.state.users.values()].find(
      (u) => u.roles.get(accountId) === "administrator",
    );
    const id = userId ?? admin?.id;
    if (id === undefined) throw new ChatwootError(422, { error: "account has no administrator" });
    return { kind: "user", userId: id };
  }

  private agentMessage(input: ReplyInput, isPrivate: boolean): Json {
    const c = this.conversationRecord(input);
    const params = {
      content: input.content,
      message_type: "outgoing",
      private: isPrivate,
      content_type: input.contentType,
      content_attributes: input.contentAttributes,
    };
    const files = toFiles(input.attachments);
    return messageJson(
      this.ctx,
      createMessage(this.ctx, c, this.userActor(input, input.userId), params, files),
    );
  }
}
