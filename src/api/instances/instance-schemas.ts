/** Request and response schemas of the instance module (spec/ryzeapi.md section 4). */
import { z } from "zod";
import { PROVIDER_NAMES } from "../../providers/provider.js";
import { CAPS, cappedArray, cappedString } from "../../platform/http/field-caps.js";
import { PROXY_PROTOCOLS } from "./instance-model.js";

const text = cappedString(CAPS.shortText);
const optionalText = cappedString(CAPS.shortText).optional();
const capped = (max: number) => cappedString(max).optional();
const optionalFlag = z.boolean().optional();
/** The docs type ports as strings; numbers are accepted and kept as text. */
const port = z.union([z.string(), z.number().int()]).transform(String);

function isPort(port: string): boolean {
  return /^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535;
}

export const instanceParams = z.object({ instance: z.string().min(1) });

export const WEAK_TOKEN =
  "must be 32 to 256 characters of letters, digits, '-', '_', '.' or '~', with at least 8 different characters";

/**
 * A client-chosen TokenInstance is a credential like a generated one (256 random bits):
 * long enough not to be guessed, and safe in a header and in `?token=`.
 */
export function isStrongToken(token: string): boolean {
  return (
    token.length >= 32 &&
    token.length <= 256 &&
    /^[A-Za-z0-9._~-]+$/.test(token) &&
    new Set(token).size >= 8
  );
}

export const settingsShape = {
  autoRejectCalls: z.boolean(),
  callRejectMessage: cappedString(CAPS.callRejectMessage),
  ignoreGroupMessages: z.boolean(),
  keepOnlineStatus: z.boolean(),
  autoReadMessages: z.boolean(),
  disableHistorySync: z.boolean(),
  ignoreStatus: z.boolean(),
};
export const settingsSchema = z.object(settingsShape);
export const settingsPatchSchema = z.object(settingsShape).partial();

export const proxyBodySchema = z
  .object({
    enabled: z.boolean(),
    host: capped(CAPS.hostName),
    port: port.optional(),
    protocol: z.enum(PROXY_PROTOCOLS).optional(),
    username: optionalText,
    password: capped(CAPS.secret),
  })
  .refine((proxy) => !proxy.enabled || (proxy.host !== undefined && proxy.port !== undefined), {
    message: "host and port are required when the proxy is enabled",
  })
  .refine((proxy) => proxy.port === undefined || isPort(proxy.port), {
    message: "port must be a number from 1 to 65535",
    path: ["port"],
  });

export const s3BodySchema = z
  .object({
    enabled: z.boolean(),
    region: optionalText,
    bucket: optionalText,
    accessKey: capped(CAPS.secret),
    secretKey: capped(CAPS.secret),
    endpoint: capped(CAPS.url),
    pathPrefix: capped(CAPS.pathPrefix),
  })
  .refine(
    (s3) =>
      !s3.enabled ||
      (s3.bucket !== undefined && s3.accessKey !== undefined && s3.secretKey !== undefined),
    { message: "bucket, accessKey and secretKey are required when S3 is enabled" },
  );

export const createInstanceBody = z.object({
  name: z
    .string()
    .trim()
    .min(1)
    .max(64)
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "letters, digits, '.', '_' and '-' only"),
  token: z.string().refine(isStrongToken, WEAK_TOKEN).optional(),
  provider: z.enum(PROVIDER_NAMES).optional(),
  proxyEnabled: optionalFlag,
  proxyHost: capped(CAPS.hostName),
  proxyPort: port.optional(),
  proxyProtocol: z.enum(PROXY_PROTOCOLS).optional(),
  proxyUsername: optionalText,
  proxyPassword: capped(CAPS.secret),
  webhookEnabled: optionalFlag,
  webhookURL: capped(CAPS.url),
  webhookAuthorization: capped(CAPS.secret),
  webhookByEvents: optionalFlag,
  webhookEvents: cappedArray(text, 32).optional(),
  webhookMediaBase64: optionalFlag,
  websocketEnabled: optionalFlag,
  websocketEvents: cappedArray(text, 32).optional(),
  websocketMediaBase64: optionalFlag,
  chatwootEnabled: optionalFlag,
  chatwootBaseUrl: capped(CAPS.url),
  chatwootAccountId: z.number().optional(),
  chatwootApiToken: capped(CAPS.secret),
  chatwootInboxName: optionalText,
  chatwootSignMessages: optionalFlag,
  chatwootIgnoreGroups: optionalFlag,
  chatwootStartAsPending: optionalFlag,
  chatwootReopenResolved: optionalFlag,
  ...settingsPatchSchema.shape,
  s3Enabled: optionalFlag,
  s3Region: optionalText,
  s3Bucket: optionalText,
  s3AccessKey: capped(CAPS.secret),
  s3SecretKey: capped(CAPS.secret),
  s3Endpoint: capped(CAPS.url),
  s3PathPrefix: capped(CAPS.pathPrefix),
});
export type CreateInstanceBody = z.infer<typeof createInstanceBody>;

/** A page asked for without `limit` holds this many. */
export const DEFAULT_PAGE_LIMIT = 100;
export const MAX_PAGE_LIMIT = 1000;

export const listQuery = z.object({
  instanceName: cappedString(8_192).optional(),
  /** Pagination (an extension): without `limit` and `offset` the list is whole, as in RyzeAPI. */
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT).optional(),
  offset: z.coerce.number().int().min(0).optional(),
  token: z.string().optional(),
});

export const connectQuery = z.object({
  number: z
    .string()
    .regex(/^\+?\d{8,15}$/, "a phone number in international form, digits only")
    .optional(),
  history: z.coerce.number().int().min(0).max(3650).optional(),
  token: z.string().optional(),
});

const connectionSchema = z.object({
  state: z.string(),
  numberJid: z.string().nullable(),
  presenceStatus: z.string(),
  displayStatus: z.string(),
});

const profileSchema = z.object({
  name: z.string(),
  pictureUrl: z.string(),
  isBusiness: z.boolean(),
  businessName: z.string(),
});

export const proxyViewSchema = z.object({
  enabled: z.boolean(),
  host: z.string().nullable(),
  port: z.string().nullable(),
  protocol: z.string().nullable(),
  username: z.string().nullable(),
});

export const s3ViewSchema = z.object({
  enabled: z.boolean(),
  region: z.string().nullable(),
  bucket: z.string().nullable(),
  accessKey: z.string().nullable(),
  secretKey: z.null(),
  endpoint: z.string().nullable(),
  pathPrefix: z.string().nullable(),
});

/** One item of `GET /api/instance/list`; module summaries are open objects. */
export const instanceViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  token: z.string().optional(),
  provider: z.string(),
  connection: connectionSchema,
  profile: profileSchema,
  webhook: z.looseObject({ enabled: z.boolean() }),
  websocket: z.looseObject({ enabled: z.boolean() }),
  chatwoot: z.looseObject({ enabled: z.boolean() }),
  proxy: proxyViewSchema,
  settings: settingsSchema,
  s3: s3ViewSchema,
  createdAt: z.string(),
});
export type InstanceView = z.infer<typeof instanceViewSchema>;

export const successBase = { success: z.literal(true), message: z.string() };

/** Present when the list was asked for a page: `total` counts every match. */
export const paginationSchema = z.object({
  limit: z.number().int(),
  offset: z.number().int(),
  total: z.number().int(),
});
