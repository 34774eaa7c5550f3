/** Tables of the API's Chatwoot module. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ChatwootSchema {}
