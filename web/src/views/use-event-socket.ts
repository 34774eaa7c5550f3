/** Hooks over EventSocket: one live feed per mounted view, closed when it unmounts. */
import { useEffect, useRef, useState } from "preact/hooks";
import { EventSocket, type StreamStatus } from "../api/event-socket";
import type { Envelope } from "../api/types";
import { useSignedIn } from "../session/session";

export function useEventSocket(
  instance: string,
  events: readonly string[] | undefined,
  onEvent: (event: Envelope) => void,
): StreamStatus {
  const { token } = useSignedIn();
  const [status, setStatus] = useState<StreamStatus>("connecting");
  // The latest handler, without reopening the socket when it changes.
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const filter = events?.join(",");
  useEffect(() => {
    const socket = new EventSocket({
      instance,
      token,
      ...(filter === undefined ? {} : { events: filter.split(",") }),
      onEvent: (event) => handler.current(event),
      onStatus: setStatus,
    });
    socket.start();
    return () => socket.stop();
  }, [instance, token, filter]);
  return status;
}
