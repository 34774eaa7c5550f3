/** HTTP routes of the instance lifecycle (spec/ryzeapi.md 4.1–4.6). */
import QRCode from "qrcode";
import { z } from "zod";
import { notFound, unauthorized } from "../../platform/errors.js";
import type { HttpServer } from "../../platform/http/server.js";
import { accountOf } from "../auth/guard.js";
import { instanceOf } from "./instance-guard.js";
import { INVALID_TOKEN, MISSING_TOKEN } from "../auth/auth-service.js";
import type { InstanceAccess } from "./access.js";
import type { ListPage } from "./instance-list-store.js";
import type { Listing } from "./instance-listing.js";
import {
  DEFAULT_PAGE_LIMIT,
  connectQuery,
  createInstanceBody,
  instanceParams,
  instanceViewSchema,
  listQuery,
  paginationSchema,
  successBase,
} from "./instance-schemas.js";
import type { InstanceService } from "./instance-service.js";

const tags = ["instance"];

export function registerInstanceRoutes(
  app: HttpServer,
  service: InstanceService,
  access: InstanceAccess,
): void {
  app.post(
    "/api/instance/new",
    {
      config: { rateLimit: "instance-create" },
      schema: {
        tags,
        summary: "Create an instance (TokenAccount)",
        body: createInstanceBody,
        response: {
          201: z.looseObject({
            ...successBase,
            instance: instanceViewSchema,
            data: z.object({ token: z.string() }),
          }),
        },
      },
    },
    async (request, reply) => {
      const accountId = accountOf(request);
      const created = await service.create(accountId, request.body);
      return reply.code(201).send({
        success: true as const,
        message: "Instance created successfully",
        instance: created.view,
        data: { token: created.token },
        ...created.blocks,
      });
    },
  );

  app.get(
    "/api/instance/list",
    {
      schema: {
        tags,
        summary: "List instances, or read one's status with ?instanceName=",
        querystring: listQuery,
        response: {
          200: z.object({
            ...successBase,
            instances: z.array(instanceViewSchema),
            pagination: paginationSchema.optional(),
          }),
        },
      },
      // The answer is built by typed code; validating thousands of items against the
      // schema again would hold the event loop for a tenth of a second per 2,000.
      serializerCompiler: () => (data) => JSON.stringify(data),
    },
    async (request) => {
      const { query } = request;
      const page =
        query.limit === undefined && query.offset === undefined
          ? undefined
          : { limit: query.limit ?? DEFAULT_PAGE_LIMIT, offset: query.offset ?? 0 };
      const { views, total } = await listFor(
        request.principal,
        request.tokenPresented,
        query,
        service,
        page,
      );
      const count = views.length;
      return {
        success: true as const,
        message: count === 1 ? "1 Instance found" : `${count} Instances found`,
        instances: views,
        ...(page === undefined || total === undefined ? {} : { pagination: { ...page, total } }),
      };
    },
  );

  app.get(
    "/api/instance/connect/:instance",
    {
      config: { connectionBound: true },
      schema: {
        tags,
        summary: "Connect: a QR code, a pairing code (?number=), or connected at once (sandbox)",
        params: instanceParams,
        querystring: connectQuery,
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const result = await service.connect(instance, {
        pairingNumber: request.query.number?.replace(/^\+/, ""),
        historyDays: request.query.history,
      });
      switch (result.status) {
        case "qr":
          return {
            success: true,
            message: "QR code generated",
            qrCode: result.qrCode,
            qrCodeBase64: await QRCode.toDataURL(result.qrCode),
            status: "qr",
          };
        case "pairing":
          return {
            success: true,
            message: "Pairing code generated",
            pairingCode: result.pairingCode,
            status: "pairing",
          };
        case "connected":
          return { success: true, message: "Instance connected", status: "connected" };
      }
    },
  );

  app.post(
    "/api/instance/reconnect/:instance",
    {
      config: { connectionBound: true },
      schema: { tags, summary: "Reconnect from the stored session", params: instanceParams },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      await service.reconnect(instance);
      return { success: true, message: "Reconnect initiated", status: "connecting" };
    },
  );

  app.delete(
    "/api/instance/logout/:instance",
    {
      config: { connectionBound: true },
      schema: { tags, summary: "Unlink the device; keeps the instance", params: instanceParams },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      await service.logout(instance);
      return { success: true, message: "Instance logged out", instance: { status: "loggedout" } };
    },
  );

  app.delete(
    "/api/instance/delete/:instance",
    { schema: { tags, summary: "Delete an instance (TokenAccount)", params: instanceParams } },
    async (request) => {
      const accountId = accountOf(request);
      const instance = await instanceOf(request, access, request.params.instance);
      if (instance.accountId !== accountId) throw notFound("Instance not found");
      await service.delete(instance);
      return { success: true, message: "Instance deleted", instance: { status: "deleted" } };
    },
  );
}

async function listFor(
  principal: import("../auth/principal.js").Principal | undefined,
  presented: boolean,
  query: { instanceName?: string | undefined },
  service: InstanceService,
  page: ListPage | undefined,
): Promise<Listing> {
  if (principal === undefined) throw unauthorized(presented ? INVALID_TOKEN : MISSING_TOKEN);
  switch (principal.kind) {
    case "service":
      throw unauthorized(INVALID_TOKEN);
    case "instance":
      // An instance token sees only its own instance; any filter is ignored (spec 4.2).
      return service.listViews(principal.accountId, [principal.instanceName], page);
    case "account": {
      const names = (query.instanceName ?? "")
        .split(",")
        .map((name) => name.trim())
        .filter((name) => name !== "");
      if (names.length === 0) return service.listViews(principal.accountId, undefined, page);
      const found = await service.listViews(principal.accountId, names, page);
      if (names.length === 1 && found.views.length === 0 && (page?.offset ?? 0) === 0)
        throw notFound("Instance not found");
      return found;
    }
  }
}
