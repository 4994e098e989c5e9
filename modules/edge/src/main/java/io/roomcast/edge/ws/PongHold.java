package io.roomcast.edge.ws;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

/**
 * Pongs under the socket's back-pressure (RFC 6455 §5.5.3): while the channel is not writable
 * nothing more is read, and of the pings read meanwhile only the latest is answered, once the
 * channel is writable again.
 */
final class PongHold {
  private final Channel channel;

  /** The latest ping read while the channel was not writable. */
  private ByteBuf unanswered;

  PongHold(Channel channel) {
    this.channel = channel;
  }

  /** Answers a ping now, or keeps it as the one to answer when the client reads again. */
  void answer(ByteBuf payload) {
    if (channel.isWritable()) {
      channel.writeAndFlush(WsControlFrames.pong(channel.alloc(), payload.retain()));
    } else {
      drop();
      unanswered = payload.retain();
      channel.config().setAutoRead(false);
    }
  }

  /** Reading stops while the client is not taking what it was sent, and resumes when it is. */
  void writabilityChanged() {
    if (channel.isWritable()) {
      ByteBuf ping = unanswered;
      unanswered = null;
      if (ping != null) {
        channel.writeAndFlush(WsControlFrames.pong(channel.alloc(), ping));
      }
      channel.config().setAutoRead(true);
    } else {
      channel.config().setAutoRead(false);
    }
  }

  void drop() {
    if (unanswered != null) {
      unanswered.release();
      unanswered = null;
    }
  }
}
