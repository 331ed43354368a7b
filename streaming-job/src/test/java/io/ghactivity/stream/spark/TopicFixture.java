package io.ghactivity.stream.spark;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.HourEndMarker;
import io.ghactivity.contracts.Topics;
import io.ghactivity.stream.core.StreamConfig;
import io.ghactivity.stream.core.TriggerSpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Produces test records exactly per the topic contract (value = line bytes, key = id, timestamp = created_at, headers)
 * plus {@link HourEndMarker}s whose offsets come from the acks, the way the real producer computes them. Each test uses
 * its own topic names, so tests share one broker without seeing each other's records.
 */
final class TopicFixture implements AutoCloseable {
    final String bootstrap;
    final String events;
    final String control;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Map<Integer, Long> ends = new HashMap<>();

    TopicFixture(String bootstrap, String prefix, int partitions) throws ExecutionException, InterruptedException {
        this.bootstrap = bootstrap;
        this.events = prefix + "." + Topics.EVENTS;
        this.control = prefix + "." + Topics.CONTROL;
        Properties a = new Properties();
        a.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(a)) {
            // Record timestamps are created_at (2022): with time-based retention the broker would delete them at its
            // first retention check, and the job would rightly stop with "data lost". Keep them for the test.
            Map<String, String> keep = Map.of("retention.ms", "-1");
            admin.createTopics(List.of(new NewTopic(events, partitions, (short) 1).configs(keep),
                    new NewTopic(control, 1, (short) 1).configs(keep))).all().get();
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // One request in flight: right after topic creation the broker may refuse the first batch (not yet leader),
        // and the idempotent producer then kept retrying the batches behind it with OUT_OF_ORDER_SEQUENCE_NUMBER
        // until they expired (seen once in KafkaRangeReaderIT, 9k records sent at once to a fresh topic).
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        this.producer = new KafkaProducer<>(p);
    }

    /** Sends valid event lines per the contract and waits for the acks. */
    void sendEvents(List<String> lines) throws Exception {
        List<Future<RecordMetadata>> acks = new java.util.ArrayList<>();
        for (String line : lines) {
            TestEvents.Parsed e = TestEvents.parse(line);
            ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(events, null, e.createdAtMillis(),
                    Long.toString(e.id()).getBytes(StandardCharsets.UTF_8), line.getBytes(StandardCharsets.UTF_8));
            r.headers().add(new RecordHeader(Topics.HEADER_TYPE, e.type().getBytes(StandardCharsets.UTF_8)));
            r.headers().add(new RecordHeader(Topics.HEADER_SOURCE_FILE, "test.json.gz".getBytes(StandardCharsets.UTF_8)));
            acks.add(producer.send(r));
        }
        await(acks);
    }

    /** Sends raw bytes the way a foreign client might (no key, arbitrary timestamp). */
    void sendRaw(List<byte[]> values) throws Exception {
        List<Future<RecordMetadata>> acks = new java.util.ArrayList<>();
        for (byte[] v : values) {
            acks.add(producer.send(new ProducerRecord<>(events, null, v)));
        }
        await(acks);
    }

    private void await(List<Future<RecordMetadata>> acks) throws Exception {
        for (Future<RecordMetadata> f : acks) {
            RecordMetadata m = f.get();
            ends.merge(m.partition(), m.offset() + 1, Math::max);
        }
    }

    /** The hour-end marker for {@code hour}: every partition's offset after the last record acked so far. */
    void sendMarker(GhArchiveHour hour, long eventCount) throws Exception {
        HourEndMarker m = new HourEndMarker(hour.toString(), hour.fileName(), eventCount, 0, events, new HashMap<>(ends),
                "test-producer", Instant.now().toString());
        producer.send(new ProducerRecord<>(control, hour.toString().getBytes(StandardCharsets.UTF_8), m.toJsonBytes())).get();
    }

    StreamConfig config(String lake, TriggerSpec trigger, String runId) {
        StreamConfig d = StreamConfig.defaults(lake, bootstrap, trigger, runId);
        return new StreamConfig(d.lake(), null, bootstrap, events, control, "earliest", trigger, d.maxOffsetsPerTrigger(),
                d.allowedLateness(), d.closeInterval(), Map.of(), runId);
    }

    @Override
    public void close() {
        producer.close();
    }
}
