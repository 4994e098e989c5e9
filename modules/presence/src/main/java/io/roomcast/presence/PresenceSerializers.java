package io.roomcast.presence;

import static io.roomcast.core.cluster.ClusterSerializers.add;
import static io.roomcast.core.cluster.ClusterSerializers.readList;
import static io.roomcast.core.cluster.ClusterSerializers.writeList;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.roomcast.core.cluster.ClusterSerializers;
import io.roomcast.presence.ConnectionProcessors.Connection;
import io.roomcast.presence.ConnectionProcessors.OnNode;
import io.roomcast.presence.ConnectionProcessors.RemoveIfStale;
import io.roomcast.presence.ConnectionProcessors.StandIn;
import io.roomcast.presence.ConnectionProcessors.Track;
import io.roomcast.presence.ConnectionProcessors.Untrack;
import io.roomcast.presence.RoomProcessors.DueBy;
import io.roomcast.presence.RoomProcessors.HoldsNode;
import io.roomcast.presence.RoomProcessors.Kind;
import io.roomcast.presence.RoomProcessors.Update;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * Field-by-field serializers for what presence sends through Hazelcast: every join, leave, status,
 * typing and read is an {@link Update} to the room's owner and its backup and comes back as a list
 * of {@link Change}s; a subscribe reads a {@link RoomSnapshot}; departures and expiries carry the
 * connection index's processors and predicates.
 */
public final class PresenceSerializers implements ClusterSerializers {
  private static final Kind[] KINDS = Kind.values();

  @Override
  public void register(SerializationConfig c) {
    add(c, Update.class, 7201, PresenceSerializers::writeUpdate, PresenceSerializers::update);
    add(c, Change.class, 7202, PresenceSerializers::writeChange, PresenceSerializers::change);
    add(c, RoomProcessors.Read.class, 7203, (out, r) -> {}, in -> new RoomProcessors.Read());
    add(
        c,
        RoomSnapshot.class,
        7204,
        PresenceSerializers::writeSnapshot,
        PresenceSerializers::snapshot);
    add(c, DueBy.class, 7205, (out, p) -> out.writeLong(p.now()), in -> new DueBy(in.readLong()));
    add(
        c,
        HoldsNode.class,
        7206,
        (out, p) -> out.writeString(p.node()),
        in -> new HoldsNode(in.readString()));
    add(
        c,
        Connection.class,
        7207,
        PresenceSerializers::writeConnection,
        PresenceSerializers::connection);
    add(c, Track.class, 7208, PresenceSerializers::writeTrack, PresenceSerializers::track);
    // 7209 and 7211 were the per-connection heartbeat and its sweep predicate: keep them unused
    add(
        c,
        RemoveIfStale.class,
        7210,
        (out, r) -> out.writeLong(r.cutoff()),
        in -> new RemoveIfStale(in.readLong()));
    add(
        c,
        OnNode.class,
        7212,
        (out, p) -> out.writeString(p.node()),
        in -> new OnNode(in.readString()));
    add(
        c,
        Untrack.class,
        7213,
        (out, u) -> out.writeString(u.room()),
        in -> new Untrack(in.readString()));
    add(c, RoomProcessors.NextDue.class, 7214, (out, r) -> {}, in -> new RoomProcessors.NextDue());
    add(c, StandIn.class, 7215, (out, p) -> {}, in -> new StandIn());
  }

  private static void writeUpdate(ObjectDataOutput out, Update u) throws IOException {
    out.writeByte(u.kind().ordinal());
    out.writeString(u.user());
    out.writeString(u.connection());
    out.writeString(u.value());
    out.writeLong(u.seq());
    out.writeLong(u.now());
    out.writeLong(u.timing().graceMs());
    out.writeLong(u.timing().typingMs());
  }

  private static Update update(ObjectDataInput in) throws IOException {
    return new Update(
        KINDS[in.readByte()],
        in.readString(),
        in.readString(),
        in.readString(),
        in.readLong(),
        in.readLong(),
        new Timing(in.readLong(), in.readLong()));
  }

  private static void writeChange(ObjectDataOutput out, Change c) throws IOException {
    out.writeString(c.room());
    out.writeString(c.type());
    out.writeString(c.user());
    out.writeString(c.connection());
    out.writeString(c.detail());
  }

  private static Change change(ObjectDataInput in) throws IOException {
    return new Change(
        in.readString(), in.readString(), in.readString(), in.readString(), in.readString());
  }

  private static void writeSnapshot(ObjectDataOutput out, RoomSnapshot s) throws IOException {
    out.writeString(s.room());
    writeList(
        out,
        s.users(),
        (o, m) -> {
          o.writeString(m.user());
          o.writeString(m.status());
          o.writeInt(m.connections());
        });
    writeList(out, s.typing(), ObjectDataOutput::writeString);
    writeList(
        out,
        s.receipts(),
        (o, r) -> {
          o.writeString(r.user());
          o.writeString(r.eventId());
        });
  }

  private static RoomSnapshot snapshot(ObjectDataInput in) throws IOException {
    String room = in.readString();
    List<RoomSnapshot.Member> users =
        readList(in, i -> new RoomSnapshot.Member(i.readString(), i.readString(), i.readInt()));
    List<String> typing = readList(in, ObjectDataInput::readString);
    List<RoomSnapshot.Receipt> receipts =
        readList(in, i -> new RoomSnapshot.Receipt(i.readString(), i.readString()));
    return new RoomSnapshot(room, users, typing, receipts);
  }

  private static void writeConnection(ObjectDataOutput out, Connection c) throws IOException {
    out.writeString(c.user());
    out.writeString(c.node());
    writeList(out, List.copyOf(c.rooms()), ObjectDataOutput::writeString);
    out.writeLong(c.lastSeen());
  }

  private static Connection connection(ObjectDataInput in) throws IOException {
    return new Connection(
        in.readString(),
        in.readString(),
        Set.copyOf(readList(in, ObjectDataInput::readString)),
        in.readLong());
  }

  private static void writeTrack(ObjectDataOutput out, Track t) throws IOException {
    out.writeString(t.user());
    out.writeString(t.node());
    out.writeString(t.room());
    out.writeLong(t.now());
  }

  private static Track track(ObjectDataInput in) throws IOException {
    return new Track(in.readString(), in.readString(), in.readString(), in.readLong());
  }
}
