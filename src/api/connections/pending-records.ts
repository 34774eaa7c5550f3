/**
 * Message events a connection has emitted that are not in the event log yet, by instance
 * and message id, so that a send can wait for its own event alone rather than for the
 * instance's whole queue.
 */
export class PendingRecords {
  private readonly byInstance = new Map<string, Map<string, Promise<void>>>();

  /** Notes a message event as waiting; returns what to call once it is recorded. */
  track(instanceId: string, messageId: string): () => void {
    let waiting = this.byInstance.get(instanceId);
    if (waiting === undefined) {
      waiting = new Map();
      this.byInstance.set(instanceId, waiting);
    }
    const messages = waiting;
    // The first event of an id is the stored message; a later one is a repeat.
    if (messages.has(messageId)) return () => undefined;
    let resolve: () => void = () => undefined;
    messages.set(
      messageId,
      new Promise<void>((done) => {
        resolve = done;
      }),
    );
    return () => {
      messages.delete(messageId);
      if (messages.size === 0 && this.byInstance.get(instanceId) === messages) {
        this.byInstance.delete(instanceId);
      }
      resolve();
    };
  }

  /** Settles once the message's event is recorded (or given up on); at once when none waits. */
  async recorded(instanceId: string, messageId: string): Promise<void> {
    await this.byInstance.get(instanceId)?.get(messageId);
  }
}
