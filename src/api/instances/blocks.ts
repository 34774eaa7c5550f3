/**
 * The settings, proxy and S3 blocks: defaults, the inline fields of instance creation,
 * and the views that never carry a secret.
 */
import {
  DEFAULT_SETTINGS,
  EMPTY_PROXY,
  EMPTY_S3,
  type InstanceSettings,
  type ProxyConfig,
  type S3Config,
} from "./instance-model.js";
import type { CreateInstanceBody } from "./instance-schemas.js";
import type { z } from "zod";
import type { proxyBodySchema, s3BodySchema, settingsPatchSchema } from "./instance-schemas.js";

export function mergeSettings(
  current: InstanceSettings,
  patch: z.infer<typeof settingsPatchSchema>,
): InstanceSettings {
  const next = { ...current };
  for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof InstanceSettings)[]) {
    const value = patch[key];
    if (value !== undefined) (next as Record<string, unknown>)[key] = value;
  }
  return next;
}

export function settingsFromCreate(body: CreateInstanceBody): InstanceSettings {
  return mergeSettings(DEFAULT_SETTINGS, body);
}

export function proxyFromBody(body: z.infer<typeof proxyBodySchema>): ProxyConfig {
  if (!body.enabled) return EMPTY_PROXY;
  return {
    enabled: true,
    host: body.host ?? null,
    port: body.port ?? null,
    protocol: body.protocol ?? "http",
    username: body.username ?? null,
    password: body.password ?? null,
  };
}

export function proxyFromCreate(body: CreateInstanceBody): ProxyConfig {
  return proxyFromBody({
    enabled: body.proxyEnabled ?? false,
    host: body.proxyHost,
    port: body.proxyPort,
    protocol: body.proxyProtocol,
    username: body.proxyUsername,
    password: body.proxyPassword,
  });
}

export function s3FromBody(body: z.infer<typeof s3BodySchema>): S3Config {
  // `enabled: false` clears every field and forgets the credentials (spec 4.9).
  if (!body.enabled) return EMPTY_S3;
  return {
    enabled: true,
    region: body.region ?? null,
    bucket: body.bucket ?? null,
    accessKey: body.accessKey ?? null,
    secretKey: body.secretKey ?? null,
    endpoint: body.endpoint ?? null,
    pathPrefix: body.pathPrefix ?? null,
  };
}

export function s3FromCreate(body: CreateInstanceBody): S3Config {
  return s3FromBody({
    enabled: body.s3Enabled ?? false,
    region: body.s3Region,
    bucket: body.s3Bucket,
    accessKey: body.s3AccessKey,
    secretKey: body.s3SecretKey,
    endpoint: body.s3Endpoint,
    pathPrefix: body.s3PathPrefix,
  });
}

export function proxyView(proxy: ProxyConfig) {
  return {
    enabled: proxy.enabled,
    host: proxy.host,
    port: proxy.port,
    protocol: proxy.protocol,
    username: proxy.username,
  };
}

export function s3View(s3: S3Config) {
  return {
    enabled: s3.enabled,
    region: s3.region,
    bucket: s3.bucket,
    accessKey: s3.accessKey,
    secretKey: null,
    endpoint: s3.endpoint,
    pathPrefix: s3.pathPrefix,
  };
}
