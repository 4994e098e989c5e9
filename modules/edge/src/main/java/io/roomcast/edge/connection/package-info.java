/**
 * Internal to the edge: what every browser connection shares whatever its transport ({@link
 * io.roomcast.edge.connection.EdgeConnection}: identity, subscriptions, presence, rate limit), the
 * instance's sweep of keepalives and timeouts, and resuming rooms from history.
 */
package io.roomcast.edge.connection;
