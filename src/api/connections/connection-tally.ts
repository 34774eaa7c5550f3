/**
 * The state of each connection this process holds, kept from the provider's connection
 * events, for the `ponte_connections` gauge. Instances whose connection this process no
 * longer holds (released, deleted, taken over) are left out when counting.
 */
import type { ConnectionState, ProviderEvent } from "../../providers/provider.js";
import type { InstanceRecord } from "../instances/instance-model.js";

export class ConnectionTally {
  private readonly states = new Map<string, ConnectionState>();

  constructor(private readonly isHeld: (instanceId: string) => boolean) {}

  observe(instance: InstanceRecord, event: ProviderEvent): Promise<void> {
    if (event.kind === "connection") this.states.set(instance.id, event.state);
    return Promise.resolve();
  }

  counts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const [instanceId, state] of this.states) {
      if (!this.isHeld(instanceId)) {
        this.states.delete(instanceId);
        continue;
      }
      counts.set(state, (counts.get(state) ?? 0) + 1);
    }
    return counts;
  }
}
