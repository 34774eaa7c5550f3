/**
 * Token rotation over HTTP (an extension; RyzeAPI documents none): an account rotates
 * its TokenAccount, an account or the instance itself rotates a TokenInstance.
 */
import { z } from "zod";
import { notFound } from "../../platform/errors.js";
import type { HttpServer } from "../../platform/http/server.js";
import type { InstanceAccess } from "../instances/access.js";
import { instanceParams, successBase } from "../instances/instance-schemas.js";
import { accountOf } from "./guard.js";
import { instanceOf } from "../instances/instance-guard.js";
import type { TokenRotation } from "./token-rotation.js";

const rotated = z.object({ ...successBase, data: z.object({ token: z.string() }) });

export function registerTokenRoutes(
  app: HttpServer,
  rotation: TokenRotation,
  access: InstanceAccess,
): void {
  app.post(
    "/api/account/rotateToken",
    {
      schema: {
        tags: ["account"],
        summary: "Replace the TokenAccount",
        description:
          "Returns a new TokenAccount, shown only now. The old token stops working at once. Needs the TokenAccount.",
        response: { 200: rotated },
      },
    },
    async (request) => {
      const token = await rotation.account(accountOf(request));
      if (token === undefined) throw notFound("Account not found");
      return { success: true as const, message: "Account token rotated", data: { token } };
    },
  );

  app.post(
    "/api/instance/rotateToken/:instance",
    {
      schema: {
        tags: ["instance"],
        summary: "Replace the TokenInstance",
        description:
          "Returns a new TokenInstance, shown only now. The old token stops working at once; events carry the new one. TokenAccount or the instance's own TokenInstance.",
        params: instanceParams,
        response: { 200: rotated },
      },
    },
    async (request) => {
      const instance = await instanceOf(request, access, request.params.instance);
      const token = await rotation.instance(instance);
      if (token === undefined) throw notFound("Instance not found");
      return { success: true as const, message: "Instance token rotated", data: { token } };
    },
  );
}
