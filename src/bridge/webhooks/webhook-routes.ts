/**
 * `POST /webhooks/chatwoot/:integrationId/:secret`: where Chatwoot delivers an inbox's
 * events. The raw body is kept (the signature covers its exact bytes), so this route
 * lives in its own scope with its own body parser.
 */
import type { HttpServer } from "../../platform/http/server.js";
import type { WebhookService } from "./webhook-service.js";

export const WEBHOOK_PATH = "/webhooks/chatwoot/:integrationId/:secret";

export async function registerWebhookRoutes(
  app: HttpServer,
  service: WebhookService,
): Promise<void> {
  await app.register((scope, _options, done) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, parsed) => {
      parsed(null, body);
    });
    scope.post(
      WEBHOOK_PATH,
      { config: { rateLimit: false }, schema: { hide: true } },
      async (request, reply) => {
        const params = request.params as { integrationId: string; secret: string };
        const header = (name: string) => {
          const value = request.headers[name];
          return Array.isArray(value) ? value[0] : value;
        };
        const answer = await service.receive({
          integrationId: params.integrationId,
          secret: params.secret,
          deliveryId: header("x-chatwoot-delivery"),
          timestamp: header("x-chatwoot-timestamp"),
          signature: header("x-chatwoot-signature"),
          rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
        });
        return reply.code(answer.status).send(answer.body);
      },
    );
    done();
  });
}
