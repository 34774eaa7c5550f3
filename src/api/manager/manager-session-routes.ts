/**
 * `GET /api/manager/session`: who the page is signed in as, so that it shows an
 * account's instances or only the one instance a TokenInstance may see. A wrong token
 * gets the usual 401. The gateway's service token is not a manager sign-in.
 */
import { z } from "zod";
import type { HttpServer } from "../../platform/http/server.js";
import { unauthorized } from "../../platform/errors.js";
import { INVALID_TOKEN, MISSING_TOKEN } from "../auth/auth-service.js";
import { successBase } from "../instances/instance-schemas.js";

const sessionView = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("account") }),
  z.object({ kind: z.literal("instance"), instance: z.string() }),
]);

export function registerManagerSession(app: HttpServer): void {
  app.get(
    "/api/manager/session",
    {
      schema: {
        tags: ["manager"],
        summary: "The kind of token presented: an account's, or one instance's",
        response: { 200: z.object({ ...successBase, session: sessionView }) },
      },
    },
    (request) => {
      const principal = request.principal;
      if (principal === undefined || principal.kind === "service") {
        throw unauthorized(request.tokenPresented ? INVALID_TOKEN : MISSING_TOKEN);
      }
      const session =
        principal.kind === "account"
          ? { kind: "account" as const }
          : { kind: "instance" as const, instance: principal.instanceName };
      return { success: true as const, message: "Signed in", session };
    },
  );
}
