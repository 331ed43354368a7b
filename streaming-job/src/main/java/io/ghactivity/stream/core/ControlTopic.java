package io.ghactivity.stream.core;

import io.ghactivity.contracts.HourEndMarker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads new {@link HourEndMarker}s from the control topic on the driver, from the offsets the job state remembers.
 * The topic is tiny (one record per hour file), so a plain consumer with manual assignment and no group is enough.
 * A missing control topic means "no markers" (a live stream fed by another producer): hours then close by watermark.
 */
public final class ControlTopic implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlTopic.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String topic;
    private final String eventsTopic;
    private final KafkaConsumer<byte[], byte[]> consumer;

    public ControlTopic(StreamConfig config) {
        this.topic = config.controlTopic();
        this.eventsTopic = config.topic();
        Map<String, Object> p = new HashMap<>(config.plainKafkaProperties());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false); // positions live in the job state, not in Kafka
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "gh-activity-stream-control");
        p.keySet().removeIf(k -> k.startsWith("max.offsets") || k.equals("group.id"));
        this.consumer = new KafkaConsumer<>(p);
    }

    /** Markers after {@code from} (per control partition) for our events topic, and the new read positions. */
    public Read readFrom(SortedMap<Integer, Long> from) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
        SortedMap<Integer, Long> next = new TreeMap<>(from);
        List<HourEndMarker> markers = new ArrayList<>();
        if (infos == null || infos.isEmpty()) {
            return new Read(markers, next);
        }
        List<TopicPartition> parts = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(parts);
        Map<TopicPartition, Long> end = consumer.endOffsets(parts, TIMEOUT);
        for (TopicPartition tp : parts) {
            consumer.seek(tp, from.getOrDefault(tp.partition(), 0L));
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (parts.stream().anyMatch(tp -> consumer.position(tp, TIMEOUT) < end.get(tp))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read control topic " + topic + " to its end within " + TIMEOUT);
            }
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                next.put(r.partition(), r.offset() + 1);
                parseInto(r, markers);
            }
        }
        return new Read(markers, next);
    }

    private void parseInto(ConsumerRecord<byte[], byte[]> r, List<HourEndMarker> markers) {
        try {
            HourEndMarker m = HourEndMarker.fromJson(r.value());
            if (m.topic() == null || m.topic().equals(eventsTopic)) {
                markers.add(m);
            }
        } catch (RuntimeException e) {
            // A foreign or damaged control record must not stop the stream; it just closes nothing.
            LOG.warn("ignoring control record {}-{}@{}: {}", topic, r.partition(), r.offset(), e.getMessage());
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }

    public record Read(List<HourEndMarker> markers, SortedMap<Integer, Long> nextOffsets) {
    }
}
