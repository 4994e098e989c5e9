/**
 * Internal to the edge: the WebSocket handshake and takeover from Vert.x ({@code WsUpgrade}), the
 * socket below Vert.x ({@code WsSocket}: frames, control frames, closing handshake), and the {@code
 * /ws} protocol's connection and ops.
 */
package io.roomcast.edge.ws;
