/**
 * The gateway's client of one Chatwoot account (Application API, `api_access_token`).
 * One attempt per call with a deadline; every answer is classified (chatwoot-failure.ts)
 * so the queue decides whether to retry. Nothing here retries or sleeps.
 */
import { request, type Dispatcher } from "undici";
import type { z } from "zod";
import {
  contactCreatedSchema,
  contactInboxCreatedSchema,
  contactListSchema,
  contactShowSchema,
  conversationListSchema,
  conversationSchema,
  createdMessageSchema,
  inboxListSchema,
  inboxSchema,
  messageListSchema,
  type ChatwootContact,
  type ChatwootConversation,
  type ChatwootInbox,
  type ChatwootMessage,
} from "./chatwoot-schemas.js";
import { headerValue } from "../../platform/outcome.js";
import {
  networkFailure,
  statusFailure,
  type ChatwootFailure,
  type ChatwootResult,
} from "./chatwoot-failure.js";
import { withDeadline } from "../../platform/net/deadline.js";

export interface ChatwootAccountRef {
  /** Without a trailing `/`. */
  baseUrl: string;
  accountId: number;
  token: string;
}

export interface ChatwootHttp {
  /**
   * What carries every call: in the gateway, the outbound guard's dispatcher, which
   * checks each connection against OUTBOUND_ALLOW. undici's `request` rather than its
   * `fetch`: a quarter of the CPU per call (bench/README.md), and the relay makes one
   * call per message.
   */
  dispatcher: Dispatcher;
  /** The whole call's deadline, from sending the request to the answer's last byte. */
  timeoutMs: number;
  /** Told of every call's outcome and how long it took (metrics). */
  onCall?: (call: ChatwootCall) => void;
}

/** One call to Chatwoot as the metrics see it. */
export interface ChatwootCall {
  /** The operation, e.g. `messages.create`. */
  route: string;
  outcome: "ok" | ChatwootFailure["kind"];
  /** From sending the request to reading the whole answer, or to the failure. */
  seconds: number;
}

export interface NewContact {
  inboxId: number;
  name: string;
  phoneNumber?: string | undefined;
  identifier?: string | undefined;
  sourceId: string;
}

export interface NewMessage {
  content: string;
  messageType: "incoming" | "outgoing";
  private?: boolean;
  sourceId?: string | undefined;
  contentAttributes?: Record<string, unknown> | undefined;
}

export type MessageStatus = "sent" | "delivered" | "read" | "failed";

export class ChatwootClient {
  private readonly base: string;

  constructor(
    private readonly account: ChatwootAccountRef,
    private readonly http: ChatwootHttp,
  ) {
    this.base = `${account.baseUrl}/api/v1/accounts/${account.accountId}`;
  }

  listInboxes(): Promise<ChatwootResult<ChatwootInbox[]>> {
    return this.call(
      "inboxes.list",
      "GET",
      "/inboxes",
      inboxListSchema,
      undefined,
      (b) => b.payload,
    );
  }

  getInbox(id: number): Promise<ChatwootResult<ChatwootInbox>> {
    return this.call("inboxes.show", "GET", `/inboxes/${id}`, inboxSchema);
  }

  createInbox(name: string, webhookUrl: string): Promise<ChatwootResult<ChatwootInbox>> {
    const body = { name, channel: { type: "api", webhook_url: webhookUrl } };
    return this.call("inboxes.create", "POST", "/inboxes", inboxSchema, body);
  }

  updateInbox(
    id: number,
    change: { name?: string; webhookUrl?: string },
  ): Promise<ChatwootResult<ChatwootInbox>> {
    const body: Record<string, unknown> = {};
    if (change.name !== undefined) body.name = change.name;
    if (change.webhookUrl !== undefined) body.channel = { webhook_url: change.webhookUrl };
    return this.call("inboxes.update", "PATCH", `/inboxes/${id}`, inboxSchema, body);
  }

  /** Creates the contact with its contact_inbox (one call, exactly one contact_inbox). */
  createContact(contact: NewContact): Promise<ChatwootResult<{ id: number; sourceId: string }>> {
    const body = {
      inbox_id: contact.inboxId,
      name: contact.name,
      source_id: contact.sourceId,
      ...(contact.phoneNumber !== undefined ? { phone_number: contact.phoneNumber } : {}),
      ...(contact.identifier !== undefined ? { identifier: contact.identifier } : {}),
    };
    return this.call("contacts.create", "POST", "/contacts", contactCreatedSchema, body, (b) => ({
      id: b.payload.contact.id,
      sourceId: b.payload.contact_inbox.source_id ?? contact.sourceId,
    }));
  }

  searchContacts(query: string): Promise<ChatwootResult<ChatwootContact[]>> {
    const path = `/contacts/search?q=${encodeURIComponent(query)}&include_contact_inboxes=true`;
    return this.call(
      "contacts.search",
      "GET",
      path,
      contactListSchema,
      undefined,
      (b) => b.payload,
    );
  }

  getContact(id: number): Promise<ChatwootResult<ChatwootContact>> {
    return this.call(
      "contacts.show",
      "GET",
      `/contacts/${id}`,
      contactShowSchema,
      undefined,
      (b) => b.payload,
    );
  }

  createContactInbox(
    contactId: number,
    inboxId: number,
    sourceId: string,
  ): Promise<ChatwootResult<{ sourceId: string }>> {
    const body = { inbox_id: inboxId, source_id: sourceId };
    const path = `/contacts/${contactId}/contact_inboxes`;
    return this.call(
      "contact_inboxes.create",
      "POST",
      path,
      contactInboxCreatedSchema,
      body,
      (b) => ({
        sourceId: b.source_id,
      }),
    );
  }

  createConversation(input: {
    sourceId: string;
    inboxId: number;
    contactId: number;
    status: "open" | "pending";
  }): Promise<ChatwootResult<ChatwootConversation>> {
    const body = {
      source_id: input.sourceId,
      inbox_id: input.inboxId,
      contact_id: input.contactId,
      status: input.status,
    };
    return this.call("conversations.create", "POST", "/conversations", conversationSchema, body);
  }

  /** Conversations of an inbox, most recently active first (25 a page). */
  listConversations(
    inboxId: number,
    page: number,
  ): Promise<ChatwootResult<ChatwootConversation[]>> {
    const path = `/conversations?inbox_id=${inboxId}&status=all&assignee_type=all&page=${page}`;
    return this.call(
      "conversations.list",
      "GET",
      path,
      conversationListSchema,
      undefined,
      (b) => b.data.payload,
    );
  }

  createMessage(
    conversationId: number,
    message: NewMessage,
  ): Promise<ChatwootResult<{ id: number }>> {
    const body = {
      content: message.content,
      message_type: message.messageType,
      private: message.private ?? false,
      ...(message.sourceId !== undefined ? { source_id: message.sourceId } : {}),
      ...(message.contentAttributes !== undefined
        ? { content_attributes: message.contentAttributes }
        : {}),
    };
    const path = `/conversations/${conversationId}/messages`;
    return this.call("messages.create", "POST", path, createdMessageSchema, body);
  }

  /** Messages after a message id (up to 100), or the latest 20 without one; oldest first. */
  listMessages(conversationId: number, after?: number): Promise<ChatwootResult<ChatwootMessage[]>> {
    const query = after === undefined ? "" : `?after=${after}`;
    const path = `/conversations/${conversationId}/messages${query}`;
    return this.call("messages.list", "GET", path, messageListSchema, undefined, (b) => b.payload);
  }

  updateMessageStatus(
    conversationId: number,
    messageId: number,
    status: MessageStatus,
    externalError?: string,
  ): Promise<ChatwootResult<undefined>> {
    const body = {
      status,
      ...(externalError !== undefined ? { external_error: externalError } : {}),
    };
    const path = `/conversations/${conversationId}/messages/${messageId}`;
    return this.call("messages.update", "PATCH", path, undefined, body);
  }

  private async call<S extends z.ZodType, T = z.infer<S>>(
    route: string,
    method: string,
    path: string,
    schema: S | undefined,
    body?: unknown,
    pick?: (parsed: z.infer<S>) => T,
  ): Promise<ChatwootResult<T>> {
    const started = performance.now();
    const result = await this.exchange<S, T>(method, path, schema, body, pick);
    this.http.onCall?.({
      route,
      outcome: result.ok ? "ok" : result.failure.kind,
      seconds: (performance.now() - started) / 1000,
    });
    return result;
  }

  private async exchange<S extends z.ZodType, T>(
    method: string,
    path: string,
    schema: S | undefined,
    body: unknown,
    pick: ((parsed: z.infer<S>) => T) | undefined,
  ): Promise<ChatwootResult<T>> {
    let answer: { status: number; retryAfter: string | undefined; text: string };
    try {
      answer = await withDeadline(this.http.timeoutMs, async (signal) => {
        const response = await request(`${this.base}${path}`, {
          method,
          headers: {
            api_access_token: this.account.token,
            accept: "application/json",
            ...(body === undefined ? {} : { "content-type": "application/json" }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
          dispatcher: this.http.dispatcher,
          signal,
        });
        return {
          status: response.statusCode,
          retryAfter: headerValue(response.headers["retry-after"]),
          text: await response.body.text(),
        };
      });
    } catch (error) {
      return { ok: false, failure: networkFailure(error, this.http.timeoutMs) };
    }
    const { status, retryAfter, text } = answer;
    if (status < 200 || status >= 300) {
      return { ok: false, failure: statusFailure(status, text, retryAfter ?? null) };
    }
    if (schema === undefined) return { ok: true, value: undefined as T };
    const parsed = schema.safeParse(parseJson(text));
    if (!parsed.success) {
      // An answer that is not Chatwoot's: a wrong base URL pointing at some other site.
      const detail = `the answer is not Chatwoot's (HTTP ${status})`;
      return {
        ok: false,
        failure: { kind: "not_found", status, detail, retryable: false },
      };
    }
    const value = pick === undefined ? (parsed.data as T) : pick(parsed.data);
    return { ok: true, value };
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
