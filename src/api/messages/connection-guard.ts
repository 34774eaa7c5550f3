/** The checks every send, read mark and revoke makes before reaching the provider. */
import { AppError, notImplemented, unavailable } from "../../platform/errors.js";
import {
  ProviderError,
  ProviderUnsupportedError,
  type ProviderConnection,
} from "../../providers/provider.js";
import type { ConnectionManager } from "../connections/connection-manager.js";
import type { InstanceRecord } from "../instances/instance-model.js";

export const NOT_CONNECTED = "Instance is not connected to WhatsApp";

/**
 * The instance's live connection in this process, or 503. A request for an instance
 * held by another process was forwarded there before reaching this check
 * (src/api/instances/forwarding.ts); it lands here only when the holder was unreachable.
 */
export function requireConnection(
  connections: ConnectionManager,
  instance: InstanceRecord,
): ProviderConnection {
  const connection = connections.held(instance.id);
  if (connection === undefined || !connection.isConnected()) throw unavailable(NOT_CONNECTED);
  return connection;
}

/**
 * Runs a provider call, mapping its failure to the API's errors: a retryable one (the
 * link dropped, e.g. a logout during a send's `delay`) is the documented 503
 * `Instance is not connected to WhatsApp`; a refusal is a 500 with the provider's reason.
 */
export async function providerCall<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof ProviderUnsupportedError) throw notImplemented(error.message);
    if (error instanceof ProviderError) {
      if (error.retryable) throw unavailable(NOT_CONNECTED);
      throw new AppError(500, `Failed to ${what}: ${error.message}`);
    }
    throw error;
  }
}
