package io.roomcast.history;

import static io.roomcast.core.cluster.ClusterSerializers.add;
import static io.roomcast.core.cluster.ClusterSerializers.readList;
import static io.roomcast.core.cluster.ClusterSerializers.writeList;

import com.hazelcast.config.Config;
import com.hazelcast.config.SerializationConfig;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import io.roomcast.core.cluster.ClusterSerializers;
import io.roomcast.history.HazelcastHistoryStore.Append;
import io.roomcast.history.HazelcastHistoryStore.AppendAll;
import io.roomcast.history.HazelcastHistoryStore.Read;
import io.roomcast.history.RoomLog.Item;
import io.roomcast.history.RoomLog.Slice;
import io.roomcast.history.RoomLog.Stamp;
import io.roomcast.history.RoomLog.Stamps;
import io.roomcast.history.RoomLog.Stored;
import java.io.IOException;
import java.util.List;

/**
 * Field-by-field Hazelcast serializers for what every durable publish sends: the append (to the
 * room's partition owner and again to its backup) and the stamp it returns (serialized even when
 * the owner is this member), plus reads and their slices. Java serialization of these records cost
 * more than the append itself.
 */
public final class HistorySerializers implements ClusterSerializers {
  private static final int APPEND = 7101;
  private static final int STAMP = 7102;
  private static final int READ = 7103;
  private static final int SLICE = 7104;
  private static final int APPEND_ALL = 7105;
  private static final int STAMPS = 7106;

  @Override
  public void configure(Config config) {
    config.addMapConfig(HazelcastHistoryStore.mapConfig());
  }

  @Override
  public void register(SerializationConfig config) {
    add(config, Append.class, APPEND, HistorySerializers::writeAppend, HistorySerializers::append);
    add(config, Stamp.class, STAMP, HistorySerializers::writeStamp, HistorySerializers::stamp);
    add(config, Read.class, READ, HistorySerializers::writeRead, HistorySerializers::read);
    add(config, Slice.class, SLICE, HistorySerializers::writeSlice, HistorySerializers::slice);
    add(
        config,
        AppendAll.class,
        APPEND_ALL,
        HistorySerializers::writeAppendAll,
        HistorySerializers::appendAll);
    add(config, Stamps.class, STAMPS, HistorySerializers::writeStamps, HistorySerializers::stamps);
  }

  private static void writeAppendAll(ObjectDataOutput out, AppendAll a) throws IOException {
    out.writeString(a.newEpoch());
    out.writeLong(a.nowMs());
    out.writeInt(a.maxEvents());
    out.writeLong(a.maxAgeMs());
    writeList(
        out,
        a.items(),
        (o, it) -> {
          o.writeString(it.id());
          o.writeString(it.json());
        });
  }

  private static AppendAll appendAll(ObjectDataInput in) throws IOException {
    String newEpoch = in.readString();
    long nowMs = in.readLong();
    int maxEvents = in.readInt();
    long maxAgeMs = in.readLong();
    List<Item> items = readList(in, i -> new Item(i.readString(), i.readString()));
    return new AppendAll(newEpoch, items, nowMs, maxEvents, maxAgeMs);
  }

  private static void writeStamps(ObjectDataOutput out, Stamps s) throws IOException {
    out.writeString(s.epoch());
    out.writeLongArray(s.seqs());
  }

  private static Stamps stamps(ObjectDataInput in) throws IOException {
    return new Stamps(in.readString(), in.readLongArray());
  }

  private static void writeAppend(ObjectDataOutput out, Append a) throws IOException {
    out.writeString(a.newEpoch());
    out.writeString(a.id());
    out.writeString(a.json());
    out.writeLong(a.nowMs());
    out.writeInt(a.maxEvents());
    out.writeLong(a.maxAgeMs());
  }

  private static Append append(ObjectDataInput in) throws IOException {
    return new Append(
        in.readString(),
        in.readString(),
        in.readString(),
        in.readLong(),
        in.readInt(),
        in.readLong());
  }

  private static void writeStamp(ObjectDataOutput out, Stamp s) throws IOException {
    out.writeString(s.epoch());
    out.writeLong(s.seq());
  }

  private static Stamp stamp(ObjectDataInput in) throws IOException {
    return new Stamp(in.readString(), in.readLong());
  }

  private static void writeRead(ObjectDataOutput out, Read r) throws IOException {
    out.writeLong(r.since());
    out.writeInt(r.limit());
    out.writeLong(r.nowMs());
    out.writeLong(r.maxAgeMs());
  }

  private static Read read(ObjectDataInput in) throws IOException {
    return new Read(in.readLong(), in.readInt(), in.readLong(), in.readLong());
  }

  private static void writeSlice(ObjectDataOutput out, Slice s) throws IOException {
    out.writeString(s.epoch());
    out.writeLong(s.oldest());
    out.writeLong(s.last());
    writeList(
        out,
        s.events(),
        (o, e) -> {
          o.writeLong(e.seq());
          o.writeLong(e.atMs());
          o.writeString(e.id());
          o.writeString(e.json());
        });
  }

  private static Slice slice(ObjectDataInput in) throws IOException {
    String epoch = in.readString();
    long oldest = in.readLong();
    long last = in.readLong();
    List<Stored> events =
        readList(in, i -> new Stored(i.readLong(), i.readLong(), i.readString(), i.readString()));
    return new Slice(epoch, oldest, last, events);
  }
}
