/**
 * `GET /docs`: the OpenAPI document generated from the route schemas (`/docs/json`) and a
 * browsable page whose assets come from the installed package, never from a CDN.
 */
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import { jsonSchemaTransform } from "fastify-type-provider-zod";
import type { HttpServer } from "../../platform/http/server.js";

export async function registerDocs(app: HttpServer, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      info: {
        title: "ponte",
        description:
          "WhatsApp API server, wire-compatible with RyzeAPI. Authenticate with the `token` header, `Authorization: Bearer`, or `?token=`.",
        version,
      },
      components: {
        securitySchemes: {
          token: { type: "apiKey", in: "header", name: "token" },
          bearer: { type: "http", scheme: "bearer" },
        },
      },
      security: [{ token: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: "/docs",
    uiConfig: { docExpansion: "list", deepLinking: true },
    staticCSP: true,
  });
}
