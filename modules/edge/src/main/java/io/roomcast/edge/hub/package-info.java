/**
 * Internal to the edge: the node's local fan-out ({@link io.roomcast.edge.hub.NodeHub}: one bus
 * consumer per address per node, each room's events put in seq order by a {@code RoomOrder}), the
 * registry of the node's connections and their caps, the catch-up after a member leaves, targeted
 * pushes, and the edge's meters.
 */
package io.roomcast.edge.hub;
