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
    private final int partitions;
    private final Map<String, String> keep;
    private KafkaProducer<byte[], byte[]> producer;
    private final Map<Integer, Long> ends = new HashMap<>();

    TopicFixture(String bootstrap, String prefix, int partitions) throws ExecutionException, InterruptedException {
        this.bootstrap = bootstrap;
        this.events = prefix + "." + Topics.EVENTS;
        this.control = prefix + "." + Topics.CONTROL;
        this.partitions = partitions;
        // Record timestamps are created_at (2022): with time-based retention the broker would delete them at its
        // first retention check, and the job would rightly stop with "data lost". Keep them for the test, and accept
        // any timestamp, as the producer's topics do (TopicSetup): an event may claim a time years ahead.
        this.keep = Map.of("retention.ms", "-1", "message.timestamp.after.max.ms", Long.toString(Long.MAX_VALUE),
                "message.timestamp.before.max.ms", Long.toString(Long.MAX_VALUE));
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(events, partitions, (short) 1).configs(keep),
                    new NewTopic(control, 1, (short) 1).configs(keep))).all().get();
        }
        this.producer = newProducer();
    }

    private Admin admin() {
        Properties a = new Properties();
        a.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return Admin.create(a);
    }

    /**
     * Deletes the events topic and creates it again with the same name and partitions (a new topic id, offsets from 0),
     * as an operator would; returns once the new topic accepts records. Markers then carry the new topic's offsets.
     */
    void recreateEvents() throws Exception {
        producer.close(); // its idempotence state and metadata belong to the old topic
        try (Admin admin = admin()) {
            admin.deleteTopics(List.of(events)).all().get();
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
            while (true) {
                try {
                    admin.createTopics(List.of(new NewTopic(events, partitions, (short) 1).configs(keep))).all().get();
                    break;
                } catch (ExecutionException e) {
                    // the deletion completes asynchronously: "marked for deletion" until it has
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)
                            || System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(200);
                }
            }
        }
        ends.clear();
        producer = newProducer();
    }

    private KafkaProducer<byte[], byte[]> newProducer() {
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
        return new KafkaProducer<>(p);
    }

    /** Sends valid event lines per the contract and waits for the acks. */
    void sendEvents(List<String> lines) throws Exception {
        sendEventsTo(null, lines);
    }

    /** Sends valid event lines per the contract to one partition (null: by key) and waits for the acks. */
    void sendEventsTo(Integer partition, List<String> lines) throws Exception {
        List<Future<RecordMetadata>> acks = new java.util.ArrayList<>();
        for (String line : lines) {
            TestEvents.Parsed e = TestEvents.parse(line);
            ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(events, partition, e.createdAtMillis(),
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
