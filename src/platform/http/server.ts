/**
 * The HTTP server every role shares: zod schemas for validation and OpenAPI, a request
 * id on every response, and one place that turns errors into the documented envelope.
 */
import { randomUUID } from "node:crypto";
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from "fastify";
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from "fastify-type-provider-zod";
import type { Logger } from "../logger.js";
import { AppError, errorEnvelope } from "../errors.js";
import { describeIssues, malformedJson } from "./validation-messages.js";

export type HttpServer = FastifyInstance<
  import("node:http").Server,
  import("node:http").IncomingMessage,
  import("node:http").ServerResponse,
  Logger,
  ZodTypeProvider
>;

declare module "fastify" {
  interface FastifyContextConfig {
    /** The rate-limit bucket of the route; false exempts it (health). */
    rateLimit?: "global" | "instance-create" | false;
    /** Builds the 400 message for a body that fails its schema. */
    invalidBody?: (detail: string) => string;
    /**
     * The route acts through the instance's live WhatsApp connection: a process that
     * does not hold the connection forwards the request to the one that does.
     */
    connectionBound?: boolean;
    /** Malformed JSON answers exactly `Invalid request body` (where the spec fixes it). */
    exactMalformedBody?: boolean;
  }
}

export const INVALID_REQUEST_BODY = "Invalid request body";
const INTERNAL_ERROR = "Internal server error";
const REQUEST_ID_HEADER = "x-request-id";

export interface HttpServerOptions {
  logger: Logger;
  bodyLimit: number;
}

export function createHttpServer(options: HttpServerOptions): HttpServer {
  const app = Fastify({
    loggerInstance: options.logger,
    bodyLimit: options.bodyLimit,
    requestIdHeader: false,
    genReqId: () => randomUUID(),
    routerOptions: { ignoreTrailingSlash: true },
    // Malformed URLs and the like get the one error envelope too.
    frameworkErrors: (error, _request, reply) => {
      // The callback's reply is typed for any route schema; this one sends plain JSON.
      void (reply as FastifyReply)
        .code(400)
        .type("application/json; charset=utf-8")
        .send(JSON.stringify(errorEnvelope(`Bad request: ${error.message}`)));
    },
  }).withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Many clients send `Content-Type: application/json` on every request, bodiless DELETEs
  // included (spec: "the body is accepted and ignored"); an empty JSON body is no body.
  app.removeContentTypeParser("application/json");
  app.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => {
    const text = typeof body === "string" ? body : body.toString("utf8");
    if (text.trim() === "") {
      done(null, undefined);
      return;
    }
    try {
      done(null, JSON.parse(text) as unknown);
    } catch (error) {
      done(
        Object.assign(new Error(INVALID_REQUEST_BODY), {
          statusCode: 400,
          code: "FST_ERR_CTP_INVALID_JSON_BODY",
          where: malformedJson(text, error instanceof Error ? error.message : String(error)),
        }),
        undefined,
      );
    }
  });

  app.addHook("onRequest", (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });

  // Closing ends idle keep-alive connections once, when it starts. A request still in
  // flight then would leave its connection open after its answer, holding the close
  // for the whole keep-alive timeout: answers given while closing end their connection.
  let closing = false;
  app.addHook("preClose", (done) => {
    closing = true;
    done();
  });
  app.addHook("onSend", (_request, reply, payload, done) => {
    if (closing) void reply.header("connection", "close");
    done(null, payload);
  });

  app.setNotFoundHandler((request, reply) => {
    void reply
      .code(404)
      .send(errorEnvelope(`Route ${request.method} ${pathOf(request.url)} not found`));
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const { status, message, headers } = classify(error, request.routeOptions.config);
    if (status >= 500 && !(error instanceof AppError)) {
      request.log.error({ err: error }, "request failed");
    }
    const shown = message === INTERNAL_ERROR ? `${message} (request ${request.id})` : message;
    void reply.code(status).headers(headers).send(errorEnvelope(shown));
  });

  return app;
}

interface Classified {
  status: number;
  message: string;
  headers: Record<string, string>;
}

function classify(
  error: FastifyError,
  config: { invalidBody?: (detail: string) => string; exactMalformedBody?: boolean },
): Classified {
  const { invalidBody } = config;
  if (error instanceof AppError) {
    return { status: error.status, message: error.message, headers: error.headers };
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const detail = describeIssues(error.validation);
    const context = error.validationContext ?? "body";
    if (context === "body") {
      return {
        status: 400,
        message: invalidBody?.(detail) ?? `${INVALID_REQUEST_BODY}: ${detail}`,
        headers: {},
      };
    }
    return { status: 400, message: `Invalid ${context}: ${detail}`, headers: {} };
  }
  if (isResponseSerializationError(error)) {
    return { status: 500, message: INTERNAL_ERROR, headers: {} };
  }
  switch (error.code) {
    case "FST_ERR_CTP_INVALID_JSON_BODY":
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return {
        status: 400,
        message:
          invalidBody?.("malformed JSON") ??
          (config.exactMalformedBody === true || !("where" in error)
            ? INVALID_REQUEST_BODY
            : `${INVALID_REQUEST_BODY}: ${String(error.where)}`),
        headers: {},
      };
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return { status: 413, message: "Request body is too large", headers: {} };
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return {
        status: 415,
        message: "Unsupported content type; send application/json",
        headers: {},
      };
    default:
      break;
  }
  if (typeof error.statusCode === "number" && error.statusCode >= 400 && error.statusCode < 500) {
    return { status: error.statusCode, message: error.message, headers: {} };
  }
  return { status: 500, message: INTERNAL_ERROR, headers: {} };
}

/** The path without its query string, which may hold a token. */
export function pathOf(url: string): string {
  const index = url.indexOf("?");
  return index === -1 ? url : url.slice(0, index);
}
