/**
 * Message events a connection has emitted that are not in the event log yet, by instance
 * and message id, so that a send can wait for its own event alone rather than for the
 * instance's whole queue, and answer with the message as it was stored.
 */
import type { ExchangeMessage } from "../../contracts/events.js";

export class PendingRecords {
  private readonly byInstance = new Map<
    string,
    Map<string, Promise<ExchangeMessage | undefined>>
  >();

  /**
   * Notes a message event as waiting; returns what to call once it is recorded, with the
   * message as stored (or nothing, when it was left out or given up on).
   */
  track(instanceId: string, messageId: string): (stored?: ExchangeMessage) => void {
    let waiting = this.byInstance.get(instanceId);
    if (waiting === undefined) {
      waiting = new Map();
      this.byInstance.set(instanceId, waiting);
    }
    const messages = waiting;
    // The first event of an id is the stored message; a later one is a repeat.
    if (messages.has(messageId)) return () => undefined;
    let resolve: (stored: ExchangeMessage | undefined) => void = () => undefined;
    messages.set(
      messageId,
      new Promise<ExchangeMessage | undefined>((done) => {
        resolve = done;
      }),
    );
    return (stored) => {
      messages.delete(messageId);
      if (messages.size === 0 && this.byInstance.get(instanceId) === messages) {
        this.byInstance.delete(instanceId);
      }
      resolve(stored);
    };
  }

  /**
   * Settles once the message's event is recorded (or given up on), with the message as
   * stored; at once, with nothing, when none waits (it was recorded before, or elsewhere).
   */
  recorded(instanceId: string, messageId: string): Promise<ExchangeMessage | undefined> {
    return this.byInstance.get(instanceId)?.get(messageId) ?? Promise.resolve(undefined);
  }
}
