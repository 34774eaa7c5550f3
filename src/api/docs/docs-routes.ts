/**
 * `GET /docs`: the OpenAPI document generated from the route schemas (`/docs/json`) and a
 * browsable page whose assets come from the installed package, never from a CDN.
 */
import swagger, { type FastifyDynamicSwaggerOptions } from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import { EVENT_ENVELOPE_SCHEMA, enrichedTransform, WEBSOCKET_PATHS } from "./openapi-enrichment.js";
import { TAGS } from "./openapi-notes.js";
import type { HttpServer } from "../../platform/http/server.js";

export async function registerDocs(app: HttpServer, version: string): Promise<void> {
  // A page load fetches the page, its scripts, styles and the document: none of that
  // reads a token, so none of it counts against the anonymous rate limit.
  app.addHook("onRoute", (route) => {
    if (route.url === "/docs" || route.url.startsWith("/docs/"))
      route.config = { ...route.config, rateLimit: false };
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: "ponte",
        description:
          "WhatsApp API server, wire-compatible with RyzeAPI. Authenticate with the `token` header, `Authorization: Bearer`, or `?token=`.",
        version,
      },
      tags: TAGS,
      // Plain JSON written to the OpenAPI 3 shape; the plugin's types are a union of versions.
      paths: WEBSOCKET_PATHS as NonNullable<FastifyDynamicSwaggerOptions["openapi"]>["paths"],
      components: {
        schemas: { EventEnvelope: EVENT_ENVELOPE_SCHEMA as object },
        securitySchemes: {
          token: { type: "apiKey", in: "header", name: "token" },
          bearer: { type: "http", scheme: "bearer" },
        },
      },
      security: [{ token: [] }, { bearer: [] }],
    },
    transform: enrichedTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: "/docs",
    uiConfig: { docExpansion: "list", deepLinking: true },
    staticCSP: true,
    // The plugin's policy upgrades the page's own asset requests to https, which leaves
    // the page blank when it is served over plain HTTP on any host but localhost.
    // Without it the policy works over http and behind an https proxy alike.
    transformStaticCSP: (header) => header.replace(/\s*upgrade-insecure-requests;?/g, ""),
  });
}
