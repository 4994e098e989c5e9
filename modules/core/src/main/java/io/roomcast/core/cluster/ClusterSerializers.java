package io.roomcast.core.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.SerializationConfig;
import com.hazelcast.config.SerializerConfig;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.StreamSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Field-by-field Hazelcast serializers for what a module sends through the cluster (entry
 * processors, their results): Java serialization of a record costs more than most of the work it
 * carries. Each module lists its implementation in {@code
 * META-INF/services/io.roomcast.core.cluster.ClusterSerializers}; every member registers all of
 * them before Hazelcast starts, so every member agrees on the type ids.
 */
public interface ClusterSerializers {
  void register(SerializationConfig config);

  /**
   * Anything else the module's structures need in the member's config before it starts (map
   * settings such as in-memory format and backups), the same on every member. Nothing by default.
   */
  default void configure(Config config) {}

  /** Writes one value's fields. */
  interface Writer<T> {
    void write(ObjectDataOutput out, T value) throws IOException;
  }

  /** Reads the fields back, in the order written. */
  interface Reader<T> {
    T read(ObjectDataInput in) throws IOException;
  }

  /** A list: its size, then each item. */
  static <T> void writeList(ObjectDataOutput out, List<T> items, Writer<T> item)
      throws IOException {
    out.writeInt(items.size());
    for (T t : items) {
      item.write(out, t);
    }
  }

  /** A list written by {@link #writeList}. */
  static <T> List<T> readList(ObjectDataInput in, Reader<T> item) throws IOException {
    int n = in.readInt();
    List<T> items = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      items.add(item.read(in));
    }
    return items;
  }

  /** Registers {@code type} (exactly that class) under {@code id}, unique across all modules. */
  static <T> void add(
      SerializationConfig config, Class<T> type, int id, Writer<T> writer, Reader<T> reader) {
    StreamSerializer<T> serializer =
        new StreamSerializer<>() {
          @Override
          public int getTypeId() {
            return id;
          }

          @Override
          public void write(ObjectDataOutput out, T value) throws IOException {
            writer.write(out, value);
          }

          @Override
          public T read(ObjectDataInput in) throws IOException {
            return reader.read(in);
          }
        };
    config.addSerializerConfig(
        new SerializerConfig().setTypeClass(type).setImplementation(serializer));
  }
}
