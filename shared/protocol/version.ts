/**
 * The version of Tandem's extensions to the y-websocket protocol (`committed`, `refused`,
 * the batched catch-up and the live channel). A client opts in to the socket extensions by
 * connecting with the URL parameter `tandem=<version>`; a stock client sends none and never
 * receives an extension message. Bump on any incompatible change to an extension format.
 */
export const PROTOCOL_VERSION = 1

/** The URL parameter by which our client opts in to the extension messages. */
export const PROTOCOL_PARAM = 'tandem'
