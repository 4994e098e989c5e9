/**
 * Internal to the edge: the SockJS event-bus bridge on {@code /eventbus/*}; its WebSocket
 * transports are served below vertx-web and fed by the hub, its HTTP fallbacks by vertx-web.
 */
package io.roomcast.edge.sockjs;
