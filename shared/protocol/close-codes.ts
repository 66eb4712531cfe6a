/** WebSocket close codes the lobby uses, and what each means to a client. */
export const CloseCode = {
  /** The lobby is shutting down (RFC 6455 "going away"). */
  GoingAway: 1001,
  /** The client broke the WebSocket protocol: an unmasked frame, a reserved opcode or bit, a fragmented control frame (sent by the ws library). */
  ProtocolError: 1002,
  /** A text frame was not valid UTF-8 (sent by the ws library). */
  InvalidPayload: 1007,
  /** A frame was larger than the lobby accepts (sent by the ws library). */
  MessageTooBig: 1009,
  /** The lobby failed while handling this connection; the failure is logged and only this connection is closed. */
  InternalError: 1011,
  /** The lobby has as many connections as it takes; try again later (RFC 6455). */
  TryAgainLater: 1013,
  /** The connection kept sending faster than the rate limit after being told. */
  RateLimited: 4001,
  /** The connection did not read its messages for too long. */
  TooSlow: 4002,
  /** Too many connections from this address. */
  TooManyFromAddress: 4003,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];
