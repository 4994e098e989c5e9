/**
 * The edge's calls to the application's backend: the connect proxy (who is this browser without a
 * token?) and the subscribe proxy (may this user follow this room?), both signed POSTs through one
 * HTTP client ({@link io.roomcast.edge.hooks.BackendCalls}).
 */
package io.roomcast.edge.hooks;
