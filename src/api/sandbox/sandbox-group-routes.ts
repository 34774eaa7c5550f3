/**
 * The sandbox phone's group and channel side (ponte's extension; docs/sandbox.md): a
 * contact makes a group, asks to join one, or starts a channel.
 */
import { z } from "zod";
import { badRequest, notFound, unavailable } from "../../platform/errors.js";
import type { HttpServer } from "../../platform/http/server.js";
import { bareNumber, phoneOf } from "../../providers/jid.js";
import type { SandboxProvider } from "../../providers/sandbox/sandbox-provider.js";
import type { ConnectionManager } from "../connections/connection-manager.js";
import { instanceOf } from "../instances/instance-guard.js";
import type { InstanceAccess } from "../instances/access.js";
import type { InstanceRecord } from "../instances/instance-model.js";
import { instanceParams } from "../instances/instance-schemas.js";
import { NOT_CONNECTED } from "../messages/connection-guard.js";
import { SANDBOX_ONLY } from "./sandbox-service.js";

const number = z.string().trim().min(1);

export const groupSideBody = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("group"),
    name: z.string().trim().min(1),
    owner: number,
    members: z.array(number).optional(),
    /** The instance is in the group (default true)… */
    includeInstance: z.boolean().optional(),
    /** …as an admin (default false). */
    instanceIsAdmin: z.boolean().optional(),
    requireAdminApproval: z.boolean().optional(),
  }),
  z.object({
    kind: z.literal("joinRequest"),
    groupJid: z.string().trim().min(1),
    from: number,
    lid: z.string().trim().endsWith("@lid").optional(),
  }),
  z.object({
    kind: z.literal("newsletter"),
    name: z.string().trim().min(1),
    description: z.string().optional(),
  }),
]);

const groupSideReply = z.object({
  success: z.literal(true),
  message: z.string(),
  data: z.object({
    groupJid: z.string().optional(),
    inviteCode: z.string().optional(),
    lid: z.string().optional(),
    jid: z.string().optional(),
  }),
});

function digitsOf(raw: string): string {
  const phone = bareNumber(raw) ?? phoneOf(raw);
  if (phone === null) throw badRequest(`Not a phone number: ${raw}`);
  return phone;
}

export function registerSandboxGroupRoutes(
  app: HttpServer,
  sandbox: SandboxProvider,
  connections: ConnectionManager,
  access: InstanceAccess,
): void {
  const sideOf = (instance: InstanceRecord) => {
    if (instance.provider !== "sandbox") throw badRequest(SANDBOX_ONLY);
    const connection = sandbox.connection(instance.id);
    if (connection?.isConnected() !== true || connections.held(instance.id) !== connection)
      throw unavailable(NOT_CONNECTED);
    return connection.groupSide;
  };

  app.post(
    "/api/sandbox/groups/:instance",
    {
      config: { connectionBound: true },
      schema: {
        tags: ["sandbox"],
        summary: "A contact makes a group, asks to join one, or starts a channel",
        params: instanceParams,
        body: groupSideBody,
        response: { 200: groupSideReply },
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const side = sideOf(instance);
      const body = request.body;
      switch (body.kind) {
        case "group": {
          const data = side.createGroup({
            name: body.name,
            owner: digitsOf(body.owner),
            members: (body.members ?? []).map(digitsOf),
            includeInstance: body.includeInstance ?? true,
            instanceIsAdmin: body.instanceIsAdmin ?? false,
            requireAdminApproval: body.requireAdminApproval ?? false,
          });
          await connections.settled(instance.id);
          return { success: true as const, message: "Group created by a contact", data };
        }
        case "joinRequest": {
          const lid = side.requestToJoin(body.groupJid, digitsOf(body.from), body.lid);
          if (lid === undefined) throw notFound("Group not found");
          await connections.settled(instance.id);
          return { success: true as const, message: "Request to join sent", data: { lid } };
        }
        case "newsletter": {
          const data = side.createNewsletter(body.name, body.description ?? "");
          return { success: true as const, message: "Channel created by a contact", data };
        }
      }
    },
  );
}
