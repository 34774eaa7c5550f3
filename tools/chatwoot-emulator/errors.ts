/**
 * Every failure the emulator answers with, carrying Chatwoot's exact status and literal
 * body (NOTES.md §a). Services throw these; one fastify error handler writes them.
 * The swagger's `bad_request_error` shape is deliberately NOT used: the real server
 * never sends it.
 */
export class ChatwootError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown> | string,
    readonly headers: Record<string, string> = {},
  ) {
    super(typeof body === "string" ? body : JSON.stringify(body));
    this.name = "ChatwootError";
  }
}

export const invalidAccessToken = () => new ChatwootError(401, { error: "Invalid Access Token" });

/** devise_token_auth's answer when neither a token nor session headers are sent. */
export const signInRequired = () =>
  new ChatwootError(401, { errors: ["You need to sign in or sign up before continuing."] });

export const notAccountMember = () =>
  new ChatwootError(401, { error: "You are not authorized to access this account" });

/** Pundit denials are 401 in Chatwoot, not 403. */
export const notAuthorized = () =>
  new ChatwootError(401, { error: "You are not authorized to do this action" });

export const botNotAllowed = () =>
  new ChatwootError(401, { error: "Access to this endpoint is not authorized for bots" });

export const notFound = () => new ChatwootError(404, { error: "Resource could not be found" });

export const paramMissing = (name: string) =>
  new ChatwootError(422, { error: `param is missing or the value is empty: ${name}` });

/** `render_could_not_create_error`: 422 with a bare `error` string. */
export const couldNotCreate = (message: string) => new ChatwootError(422, { error: message });

export interface FieldError {
  attribute: string;
  /** The full message, as Rails' `errors.full_messages` prints it. */
  message: string;
}

/** `ActiveRecord::RecordInvalid` as Chatwoot's `handle_with_exception` renders it. */
export function recordInvalid(errors: FieldError[]): ChatwootError {
  const attributes = [...new Set(errors.map((e) => e.attribute))];
  return new ChatwootError(422, {
    message: errors.map((e) => e.message).join(", "),
    attributes,
  });
}

/** Rails' public exception page for JSON requests (an unhandled exception). */
export const internalError = () =>
  new ChatwootError(500, { status: 500, error: "Internal Server Error" });

export const badRequest = () => new ChatwootError(400, { status: 400, error: "Bad Request" });
