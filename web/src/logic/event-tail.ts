/**
 * The live tail's state: the newest events (at most `limit`), a kind filter, and a
 * pause that holds new events aside (counted) until the user resumes. Pure functions,
 * so that the view stays thin and the rules are unit-tested.
 */
import type { Envelope, EventKind } from "../api/types";

export interface TailState {
  shown: Envelope[];
  /** Events that arrived while paused, shown on resume. */
  held: Envelope[];
  paused: boolean;
}

export const EMPTY_TAIL: TailState = { shown: [], held: [], paused: false };
export const TAIL_LIMIT = 500;

export function receive(state: TailState, event: Envelope, limit = TAIL_LIMIT): TailState {
  if (state.paused) return { ...state, held: [...state.held, event].slice(-limit) };
  return { ...state, shown: [...state.shown, event].slice(-limit) };
}

export function setPaused(state: TailState, paused: boolean, limit = TAIL_LIMIT): TailState {
  if (paused) return { ...state, paused: true };
  return { shown: [...state.shown, ...state.held].slice(-limit), held: [], paused: false };
}

export function clear(state: TailState): TailState {
  return { ...state, shown: [], held: [] };
}

export function visible(state: TailState, kinds: ReadonlySet<EventKind>): Envelope[] {
  return state.shown.filter((event) => kinds.has(event.event));
}

/** One line that says what an event is about. */
export function summarize(event: Envelope): string {
  switch (event.event) {
    case "message.exchange": {
      const m = event.data.message;
      const who = m.chat.phone ?? m.chat.jid;
      const text = m.content.text ?? m.content.reaction ?? m.media?.type ?? "";
      return `${m.direction} ${m.type} ${who}${text === "" ? "" : `: ${clip(text)}`}`;
    }
    case "message.status":
      return `${event.data.status} ${event.data.messageId}`;
    case "instance.state":
      return `${event.data.state} (${event.data.reason})`;
    case "call.update":
    case "group.flow":
    case "label.update":
      return clip(JSON.stringify(event.data));
  }
}

function clip(text: string, max = 80): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
