/** HTTP routes of an instance's settings, proxy and S3 blocks (spec/ryzeapi.md 4.7–4.9). */
import { z } from "zod";
import type { HttpServer } from "../../platform/http/server.js";
import { instanceOf } from "./instance-guard.js";
import type { InstanceAccess } from "./access.js";
import type { InstanceConfigService } from "./config-service.js";
import {
  instanceParams,
  proxyBodySchema,
  proxyViewSchema,
  s3BodySchema,
  s3ViewSchema,
  settingsPatchSchema,
  settingsSchema,
  successBase,
} from "./instance-schemas.js";

const tags = ["instance settings"];

export function registerInstanceConfigRoutes(
  app: HttpServer,
  service: InstanceConfigService,
  access: InstanceAccess,
): void {
  const settingsReply = { 200: z.object({ ...successBase, settings: settingsSchema }) };
  app.get(
    "/api/instance/getSettings/:instance",
    { schema: { tags, params: instanceParams, response: settingsReply } },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const settings = await service.getSettings(instance);
      return { success: true as const, message: "Settings retrieved successfully", settings };
    },
  );
  app.post(
    "/api/instance/settings/:instance",
    {
      // Spec 4.7 fixes the text of malformed JSON here.
      config: { exactMalformedBody: true },
      schema: { tags, params: instanceParams, body: settingsPatchSchema, response: settingsReply },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const settings = await service.updateSettings(instance, request.body);
      return { success: true as const, message: "Settings updated successfully", settings };
    },
  );

  const proxyReply = { 200: z.object({ ...successBase, proxy: proxyViewSchema }) };
  app.get(
    "/api/instance/getProxy/:instance",
    { schema: { tags, params: instanceParams, response: proxyReply } },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const proxy = await service.getProxy(instance);
      return {
        success: true as const,
        message: "Proxy configuration retrieved successfully",
        proxy,
      };
    },
  );
  app.post(
    "/api/instance/proxy/:instance",
    { schema: { tags, params: instanceParams, body: proxyBodySchema, response: proxyReply } },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const proxy = await service.updateProxy(instance, request.body);
      return { success: true as const, message: "Proxy configuration updated", proxy };
    },
  );

  const s3Reply = { 200: z.object({ ...successBase, s3: s3ViewSchema }) };
  app.get(
    "/api/instance/getS3/:instance",
    { schema: { tags, params: instanceParams, response: s3Reply } },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const s3 = await service.getS3(instance);
      return { success: true as const, message: "S3 configuration retrieved successfully", s3 };
    },
  );
  app.post(
    "/api/instance/s3/:instance",
    {
      // Spec 4.9 fixes the text of malformed JSON here.
      config: { exactMalformedBody: true },
      schema: { tags, params: instanceParams, body: s3BodySchema, response: s3Reply },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const s3 = await service.updateS3(instance, request.body);
      return { success: true as const, message: "S3 configuration updated", s3 };
    },
  );
}
