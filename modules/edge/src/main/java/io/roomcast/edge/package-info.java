/**
 * The browser-facing edge of a node. Its API is {@link io.roomcast.edge.EdgeVerticle} and the
 * {@link io.roomcast.edge.EdgeServices} a node's wiring builds once and hands to every instance.
 * The sub-packages are internal to the edge; some of their types are public only because another
 * sub-package uses them.
 */
package io.roomcast.edge;
