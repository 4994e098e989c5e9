// Transport over the SockJS event-bus bridge (/eventbus), with the stock Vert.x client that
// vendor/vertx-eventbus.js puts on window.EventBus. The page registers on the bus addresses
// themselves: room.<id> for the room, user.<id> for direct pushes. Publishing {type, data} to
// room.<id> sends a message; the built-in types become typing, presence and read signals.
// The server stamps every event with the token's identity.

const SNAPSHOT_ADDRESS = 'roomcast.presence.snapshot';

/**
 * Opens the room. `on` receives snapshot(snapshot), event(envelope), direct(envelope),
 * status(state) and notice(text).
 */
export function openBridge({ room, token, me }, on) {
  const EventBus = window.EventBus;
  const eb = new EventBus(`/eventbus?token=${encodeURIComponent(token)}`, {
    vertxbus_ping_interval: 5000, // well under the server's idle timeout
    vertxbus_reconnect_delay_max: 5000,
  });
  const roomAddress = `room.${room}`;
  let closing = false;

  eb.enableReconnect(true);
  // Runs again after every reconnect: the client forgets its handlers when the socket drops.
  eb.onopen = () => {
    eb.registerHandler(roomAddress, (err, msg) =>
      err ? on.notice(describe(err)) : on.event(msg.body),
    );
    if (me) {
      eb.registerHandler(`user.${me}`, (err, msg) =>
        err ? on.notice(describe(err)) : on.direct(msg.body),
      );
    }
    eb.send(SNAPSHOT_ADDRESS, { room }, (err, reply) => {
      if (err) on.notice(`no presence snapshot: ${describe(err)}`);
      else on.snapshot(reply.body);
    });
    // After the registrations, so that what the page sends next finds it in the room.
    on.status('open');
  };
  eb.onclose = () => on.status(closing ? 'closed' : 'reconnecting');
  // Refusals (register outside the token's rooms, publish outside its pub claim) arrive here.
  eb.onerror = (err) => on.notice(describe(err));

  /** Publishes into the room; false when the socket is not open (the caller keeps the text). */
  const publish = (body) => {
    if (eb.state !== EventBus.OPEN) return false;
    eb.publish(roomAddress, body);
    return true;
  };

  return {
    name: 'SockJS event-bus bridge',
    message: (text) => publish({ type: 'message', data: { text } }),
    typing: (typing) => publish({ type: typing ? 'typing.start' : 'typing.stop' }),
    presence: (status) => publish({ type: `presence.${status}` }),
    read: (eventId) => publish({ type: 'read', data: { event_id: eventId } }),
    close() {
      closing = true;
      eb.enableReconnect(false);
      eb.close();
    },
  };
}

/** Bridge errors: {type:"err", body:<code>, message?} or {failureCode, failureType, message}. */
function describe(err) {
  if (!err) return 'unknown error';
  const code = err.body ?? err.failureType ?? 'error';
  return err.message ? `${code}: ${err.message}` : String(code);
}
