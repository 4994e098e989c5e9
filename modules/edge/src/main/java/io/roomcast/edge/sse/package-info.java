/** Internal to the edge: Server-Sent Events streams of rooms and of a user's inbox. */
package io.roomcast.edge.sse;
