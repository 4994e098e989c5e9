package io.roomcast.edge.sse;

import io.roomcast.core.history.StreamPosition;
import io.roomcast.edge.connection.TypeFilter;
import java.util.Map;

/**
 * How one SSE stream frames and resumes its events, as its request asked.
 *
 * @param html the {@code ?format=html} fragments instead of JSON envelopes
 * @param types the event types sent (resets always are)
 * @param since per room, the position the client holds (its epoch null when it did not say); a room
 *     absent here starts from now
 * @param cursor numbers frames with one cursor over several rooms; null numbers them with the
 *     event's seq
 */
record SseOptions(
    boolean html, TypeFilter types, Map<String, StreamPosition> since, StreamCursor cursor) {}
