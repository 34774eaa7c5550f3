/**
 * One error type for every failure a client should see. Services throw it with the
 * documented HTTP status and literal message; the HTTP layer maps it to the envelope
 * `{"success":false,"error":{"message":...}}` in one place.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const badRequest = (message: string) => new AppError(400, message);
export const unauthorized = (message: string) => new AppError(401, message);
export const forbidden = (message: string) => new AppError(403, message);
export const notFound = (message: string) => new AppError(404, message);
export const conflict = (message: string) => new AppError(409, message);
export const notImplemented = (message: string) => new AppError(501, message);
export const unavailable = (message: string) => new AppError(503, message);

export interface ErrorEnvelope {
  success: false;
  error: { message: string };
}

export function errorEnvelope(message: string): ErrorEnvelope {
  return { success: false, error: { message } };
}

/** A message for logs from anything thrown, without assuming it is an Error. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/**
 * Runs `work`; a failure that is not already a client-facing AppError becomes the
 * documented 500 `message` (e.g. `Failed to logout instance`), its cause logged.
 */
export async function documentedFailure<T>(
  message: string,
  log: { error(object: unknown, message: string): void },
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppError) throw error;
    log.error({ err: error }, message);
    throw new AppError(500, message);
  }
}
