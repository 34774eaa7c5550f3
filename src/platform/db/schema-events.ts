/** Tables of the events module (event log, webhooks, WebSocket configuration). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface EventsSchema {}
