/**
 * The one place that reads the environment. Every setting is validated here, once, at
 * start; a bad value stops the process with a message that names every bad key.
 */
import path from "node:path";
import { z } from "zod";
import { parseAllowList, type AllowEntry } from "./net/outbound-allow.js";

const booleanFlag = z
  .enum(["true", "false", "1", "0", "yes", "no", "on", "off"])
  .transform((value) => ["true", "1", "yes", "on"].includes(value));

const optionalString = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim()));

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default("0.0.0.0"),
  DATA_DIR: z.string().default("./data"),
  DATABASE_URL: optionalString.pipe(
    z
      .string()
      .regex(/^(postgres|postgresql):\/\//, "must be a postgres:// URL")
      .optional(),
  ),
  REDIS_URL: optionalString.pipe(
    z
      .string()
      .regex(/^rediss?:\/\//, "must be a redis:// URL")
      .optional(),
  ),
  REDIS_KEY_PREFIX: z.string().min(1).default("ponte:"),
  ENCRYPTION_KEY: optionalString.pipe(
    z
      .string()
      .regex(/^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, "must be 32 bytes as 64 hex or base64")
      .optional(),
  ),
  BASE_URL: optionalString.pipe(z.url().optional()),
  RATE_LIMIT_GLOBAL: positiveInt(100),
  RATE_LIMIT_INSTANCE_CREATE: positiveInt(20),
  RATE_LIMIT_SERVICE: positiveInt(6000),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LOG_FORMAT: optionalString.pipe(z.enum(["json", "pretty"]).optional()),
  DEFAULT_PROVIDER: z.enum(["sandbox", "baileys"]).default("baileys"),
  WHATSAPP_WS_URL: optionalString.pipe(
    z
      .string()
      .regex(/^wss?:\/\//, "must be a ws:// or wss:// URL")
      .optional(),
  ),
  WHATSAPP_CONNECT_TIMEOUT_MS: positiveInt(60_000),
  LEASE_TTL_MS: positiveInt(30_000),
  AUTH_CACHE_TTL_MS: z.coerce.number().int().min(0).default(2_000),
  INTERNAL_URL: optionalString.pipe(z.url().optional()),
  CORS_ORIGINS: z.string().default(""),
  BODY_LIMIT_BYTES: positiveInt(32 * 1024 * 1024),
  BRIDGE_URL: optionalString.pipe(z.url().optional()),
  BRIDGE_TOKEN: optionalString,
  BRIDGE_ENABLED: booleanFlag.optional(),
  BRIDGE_INTERNAL_API_URL: optionalString.pipe(z.url().optional()),
  PUBLIC_URL: optionalString.pipe(z.url().optional()),
  BRIDGE_ACTIVATE_TIMEOUT_MS: positiveInt(60_000),
  BRIDGE_GET_TIMEOUT_MS: positiveInt(10_000),
  BRIDGE_DELETE_TIMEOUT_MS: positiveInt(30_000),
  BRIDGE_CONCURRENCY: positiveInt(16),
  BRIDGE_JOB_MAX_ATTEMPTS: positiveInt(12),
  BRIDGE_JOB_RETENTION_HOURS: positiveInt(24),
  BRIDGE_RETRY_BASE_MS: positiveInt(1_000),
  BRIDGE_RETRY_CAP_MS: positiveInt(5 * 60_000),
  BRIDGE_RECONCILE_MS: positiveInt(60_000),
  BRIDGE_POLL_MS: positiveInt(1_000),
  CHATWOOT_TIMEOUT_MS: positiveInt(10_000),
  EVENT_RETENTION_DAYS: positiveInt(30),
  WEBHOOK_TIMEOUT_MS: positiveInt(10_000),
  WEBHOOK_MAX_ATTEMPTS: positiveInt(8),
  WEBHOOK_RETRY_BASE_MS: positiveInt(1_000),
  WEBHOOK_CONCURRENCY: positiveInt(8),
  WS_HEARTBEAT_MS: positiveInt(30_000),
  METRICS_TOKEN: optionalString.pipe(
    z.string().min(16, "must be at least 16 characters").optional(),
  ),
  OUTBOUND_ALLOW: z.string().default(""),
});

export type Role = "serve" | "api" | "bridge";

export interface Config {
  role: Role;
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  /** Prefix of every Redis key, so deployments can share one Redis. */
  redisKeyPrefix: string;
  encryptionKey: string | undefined;
  baseUrl: string;
  rateLimit: { global: number; instanceCreate: number; service: number; windowMs: number };
  logLevel: z.infer<typeof envSchema>["LOG_LEVEL"];
  /** LOG_FORMAT, else pretty when stdout is a terminal and JSON otherwise. */
  logFormat: "json" | "pretty";
  defaultProvider: "sandbox" | "baileys";
  /** How long a process's hold on an instance's connection lasts unless renewed. */
  leaseTtlMs: number;
  /**
   * How long a process remembers a resolved token. Changes made in this process take
   * effect at once; changes made by another process within this time. 0 turns it off.
   */
  authCacheTtlMs: number;
  /** Where other ponte processes reach this one (default: the address it listens on). */
  internalUrl: string | undefined;
  /** Origins whose pages may call the API (`*` for any); none by default. */
  corsOrigins: string[];
  whatsapp: {
    /** WhatsApp's WebSocket address; unset means Baileys' own default. */
    webSocketUrl: string | undefined;
    /** How long `connect` waits for a QR code, a pairing code or the connection. */
    connectTimeoutMs: number;
  };
  bodyLimitBytes: number;
  bridge: {
    /** The all-in-one role runs the bridge in-process unless BRIDGE_ENABLED=false. */
    enabled: boolean;
    url: string | undefined;
    token: string | undefined;
    internalApiUrl: string | undefined;
    publicUrl: string | undefined;
    /** API-side timeouts of the calls to the bridge (spec: 60 s, 10 s, 30 s). */
    timeouts: { activateMs: number; getMs: number; deleteMs: number };
    /** The gateway's own queue and Chatwoot client. */
    queue: {
      concurrency: number;
      maxAttempts: number;
      /** Finished jobs and delivery ids are kept this long. */
      retentionHours: number;
      retryBaseMs: number;
      retryCapMs: number;
      reconcileMs: number;
      pollMs: number;
    };
    chatwootTimeoutMs: number;
  };
  /** Internal targets the operator allows outbound requests made for users to reach. */
  outbound: { allow: AllowEntry[] };
  events: {
    retentionDays: number;
    webhookTimeoutMs: number;
    webhookMaxAttempts: number;
    webhookRetryBaseMs: number;
    /** Deliveries in flight at once per webhook (one per chat at most). */
    webhookConcurrency: number;
    wsHeartbeatMs: number;
  };
  /** The Bearer token `GET /metrics` asks for; unset turns the route off. */
  metricsToken: string | undefined;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Reads and validates the environment. Throws ConfigError listing every bad key. */
export function loadConfig(
  role: Role,
  env: NodeJS.ProcessEnv = process.env,
  stdoutIsTty: boolean = process.stdout.isTTY,
): Config {
  const parsed = envSchema.safeParse(env);
  const outboundAllow = parseAllowList(env.OUTBOUND_ALLOW ?? "");
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues).map(
      (issue) => `${issue.path.join(".") || "(environment)"}: ${issue.message}`,
    ),
    ...outboundAllow.problems.map((problem) => `OUTBOUND_ALLOW: ${problem}`),
  ];
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  const baseUrl = (e.BASE_URL ?? `http://127.0.0.1:${e.PORT}`).replace(/\/+$/, "");
  return {
    role,
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    encryptionKey: e.ENCRYPTION_KEY,
    baseUrl,
    rateLimit: {
      global: e.RATE_LIMIT_GLOBAL,
      instanceCreate: e.RATE_LIMIT_INSTANCE_CREATE,
      service: e.RATE_LIMIT_SERVICE,
      windowMs: 60_000,
    },
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT ?? (stdoutIsTty ? "pretty" : "json"),
    defaultProvider: e.DEFAULT_PROVIDER,
    leaseTtlMs: e.LEASE_TTL_MS,
    authCacheTtlMs: e.AUTH_CACHE_TTL_MS,
    internalUrl: e.INTERNAL_URL?.replace(/\/+$/, ""),
    corsOrigins: e.CORS_ORIGINS.split(",")
      .map((origin) => origin.trim())
      .filter((origin) => origin !== ""),
    whatsapp: { webSocketUrl: e.WHATSAPP_WS_URL, connectTimeoutMs: e.WHATSAPP_CONNECT_TIMEOUT_MS },
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    bridge: {
      enabled: e.BRIDGE_ENABLED ?? role !== "api",
      url: e.BRIDGE_URL?.replace(/\/+$/, ""),
      token: e.BRIDGE_TOKEN,
      internalApiUrl: e.BRIDGE_INTERNAL_API_URL?.replace(/\/+$/, ""),
      publicUrl: (e.PUBLIC_URL ?? e.BASE_URL)?.replace(/\/+$/, ""),
      timeouts: {
        activateMs: e.BRIDGE_ACTIVATE_TIMEOUT_MS,
        getMs: e.BRIDGE_GET_TIMEOUT_MS,
        deleteMs: e.BRIDGE_DELETE_TIMEOUT_MS,
      },
      queue: {
        concurrency: e.BRIDGE_CONCURRENCY,
        maxAttempts: e.BRIDGE_JOB_MAX_ATTEMPTS,
        retentionHours: e.BRIDGE_JOB_RETENTION_HOURS,
        retryBaseMs: e.BRIDGE_RETRY_BASE_MS,
        retryCapMs: e.BRIDGE_RETRY_CAP_MS,
        reconcileMs: e.BRIDGE_RECONCILE_MS,
        pollMs: e.BRIDGE_POLL_MS,
      },
      chatwootTimeoutMs: e.CHATWOOT_TIMEOUT_MS,
    },
    outbound: { allow: outboundAllow.entries },
    events: {
      retentionDays: e.EVENT_RETENTION_DAYS,
      webhookTimeoutMs: e.WEBHOOK_TIMEOUT_MS,
      webhookMaxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
      webhookRetryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
      webhookConcurrency: e.WEBHOOK_CONCURRENCY,
      wsHeartbeatMs: e.WS_HEARTBEAT_MS,
    },
    metricsToken: e.METRICS_TOKEN,
  };
}
