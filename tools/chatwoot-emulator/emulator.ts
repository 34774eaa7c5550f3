import type { Socket } from "node:net";
import { CallLog } from "./call-log.js";
import type { ControlDeps } from "./control.js";
import { EmulatorControl } from "./control.js";
import type { EmulatorContext, Limits } from "./context.js";
import { FaultInjector } from "./faults.js";
import type { RateLimitConfig } from "./rate-limit.js";
import { DEFAULT_RATE_LIMIT, RateLimiter } from "./rate-limit.js";
import type { SeededAccount } from "./seed.js";
import { seedAccount } from "./seed.js";
import { buildServer } from "./server.js";
import { updateMessageStatus } from "./services/messages.js";
import { EmulatorState } from "./state.js";
import { WebhookDispatcher } from "./webhooks/dispatcher.js";
import { WebhookEvents, failedDeliveryHandler } from "./webhooks/events.js";

export type { SeededAccount, SeededBot, SeededUser } from "./seed.js";
export type { EmulatorControl } from "./control.js";
export type { FaultRule, ActiveFault, FaultKind } from "./faults.js";
export type { WebhookDelivery } from "./webhooks/dispatcher.js";
export type { CallRecord } from "./call-log.js";
export type { RateLimitConfig } from "./rate-limit.js";
export type { Limits } from "./context.js";

export interface ChatwootEmulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Base URL for attachment data_urls, if clients reach the emulator differently. */
  publicUrl?: string;
  /** Account names to seed (default: one account, "Acme"). */
  accounts?: string[];
  /** Send X-Chatwoot-Timestamp/Signature and expose `secret`s (Chatwoot ≥ 4.13). Default true. */
  signWebhooks?: boolean;
  /** Rack::Attack throttles (on, 3000/min/IP, 100 searches/min/account) or `false`. */
  rateLimit?: Partial<RateLimitConfig> | false;
  limits?: Partial<Limits>;
  /** Parallel webhook deliveries (Sidekiq workers). Default 1, i.e. in order. */
  webhookConcurrency?: number;
  /** Records kept for inspection (deliveries and calls each). Default 10 000. */
  maxRecords?: number;
  /** Clock for every timestamp (default Date.now). */
  now?: () => number;
  logger?: boolean;
}

export interface ChatwootEmulator {
  /** e.g. "http://127.0.0.1:41234" — what the bridge uses as its Chatwoot URL. */
  url: string;
  port: number;
  accounts: SeededAccount[];
  control: EmulatorControl;
  close(): Promise<void>;
}

export const DEFAULT_LIMITS: Limits = {
  maxAttachmentBytes: 40 * 1024 * 1024,
  maxAttachments: 15,
  webhookTimeoutMs: 5000,
  conversationMessagesPerMinute: 200,
  inboxDeletionDelayMs: 100,
};

function rateLimitConfig(option: ChatwootEmulatorOptions["rateLimit"]): RateLimitConfig {
  if (option === false) return { ...DEFAULT_RATE_LIMIT, enabled: false };
  return { ...DEFAULT_RATE_LIMIT, ...option };
}

/** Mutable settings shared by the context and the control API. */
interface Settings {
  signing: boolean;
  baseUrl: string;
}

/** Wires state, the webhook dispatcher and the event sink into one context. */
function buildCore(options: ChatwootEmulatorOptions, settings: Settings) {
  const now = options.now ?? Date.now;
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const holder: { ctx: EmulatorContext | null } = { ctx: null };
  const dispatcher = new WebhookDispatcher({
    timeoutMs: () => limits.webhookTimeoutMs,
    concurrency: options.webhookConcurrency ?? 1,
    maxRecords: options.maxRecords ?? 10_000,
    now,
    onFailure: failedDeliveryHandler(
      () => {
        if (!holder.ctx) throw new Error("emulator not started");
        return holder.ctx;
      },
      (c, messageId, error) => {
        const message = c.state.messages.get(messageId);
        if (message) updateMessageStatus(c, message, "failed", error);
      },
    ),
  });
  const events = new WebhookEvents(dispatcher);
  const ctx: EmulatorContext = {
    state: new EmulatorState(),
    now,
    limits,
    events,
    publicUrl: () => options.publicUrl ?? settings.baseUrl,
    signing: () => settings.signing,
  };
  holder.ctx = ctx;
  events.bind(ctx);
  return { ctx, dispatcher, now };
}

/** Starts a Chatwoot emulator on loopback; see README.md for what it reproduces. */
export async function startChatwootEmulator(
  options: ChatwootEmulatorOptions = {},
): Promise<ChatwootEmulator> {
  const host = options.host ?? "127.0.0.1";
  const settings: Settings = { signing: options.signWebhooks ?? true, baseUrl: "" };
  const { ctx, dispatcher, now } = buildCore(options, settings);
  const accounts = (options.accounts ?? ["Acme"]).map((name) => seedAccount(ctx.state, name));
  const controlDeps: ControlDeps = {
    ctx,
    accounts,
    dispatcher,
    calls: new CallLog(options.maxRecords ?? 10_000),
    faults: new FaultInjector(now),
    rateLimiter: new RateLimiter(rateLimitConfig(options.rateLimit), now),
    setSigning: (enabled) => {
      settings.signing = enabled;
    },
  };
  const control = new EmulatorControl(controlDeps);
  const held = new Set<Socket>();
  const logger = options.logger ?? false;
  const app = await buildServer({ ...controlDeps, control, controlDeps, held, logger });
  await app.listen({ port: options.port ?? 0, host });
  const address = app.server.address();
  const port = typeof address === "object" && address !== null ? address.port : (options.port ?? 0);
  settings.baseUrl = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  return {
    url: settings.baseUrl,
    port,
    accounts,
    control,
    close: async () => {
      dispatcher.close();
      for (const socket of held) socket.destroy();
      await app.close();
    },
  };
}
