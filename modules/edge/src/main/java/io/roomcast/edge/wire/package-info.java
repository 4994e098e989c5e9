/**
 * Internal to the edge: what leaves a node for a browser. An {@link
 * io.roomcast.edge.wire.EncodedEvent} is one event with each transport's encoding computed once and
 * shared by every connection ({@code SseEncoding}, {@code WsEncoding}, {@code BridgeEncoding}); an
 * {@link io.roomcast.edge.wire.Outbox} is a connection's bounded queue, and a {@link
 * io.roomcast.edge.wire.ChannelWire} writes encoded frames straight to its channel.
 */
package io.roomcast.edge.wire;
