package io.ghactivity.bench.stream;

import io.ghactivity.contracts.Topics;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Generates the benchmark events once and writes them both to a Kafka topic and to JSON-lines files. */
record BenchInput(String topic, String controlTopic, long events, long bytes) {
    static final int FILES = 8;

    static BenchInput create(String bootstrap, String prefix, int partitions, long n, Path jsonDir) throws Exception {
        String topic = prefix + "." + Topics.EVENTS;
        String control = prefix + "." + Topics.CONTROL;
        Properties a = new Properties();
        a.put("bootstrap.servers", bootstrap);
        // created_at timestamps are from 2022: time-based retention would delete them at once.
        Map<String, String> conf = Map.of("retention.ms", "-1", "max.message.bytes", Integer.toString(Topics.MAX_RECORD_BATCH_BYTES));
        try (Admin admin = Admin.create(a)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(conf),
                    new NewTopic(control, 1, (short) 1).configs(conf))).all().get(60, TimeUnit.SECONDS);
        }
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("key.serializer", ByteArraySerializer.class.getName());
        p.put("value.serializer", ByteArraySerializer.class.getName());
        p.put("acks", "all");
        p.put("compression.type", "lz4"); // the producer's default
        p.put("linger.ms", "20");
        p.put("batch.size", Integer.toString(512 * 1024));
        p.put("buffer.memory", Long.toString(128L * 1024 * 1024));
        p.put("max.request.size", Integer.toString(Topics.MAX_RECORD_BATCH_BYTES));
        p.put("delivery.timeout.ms", "300000"); // a loaded machine must slow the benchmark down, not lose its input
        Files.createDirectories(jsonDir);
        BufferedWriter[] out = new BufferedWriter[FILES];
        for (int i = 0; i < FILES; i++) {
            out[i] = Files.newBufferedWriter(jsonDir.resolve("part-" + i + ".json"), StandardCharsets.UTF_8);
        }
        java.util.concurrent.atomic.AtomicLong failed = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicReference<Exception> firstFailure = new java.util.concurrent.atomic.AtomicReference<>();
        long[] count = {0};
        long[] bytes = {0};
        long started = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            new BenchEvents().forEach(n, line -> {
                byte[] value = line.getBytes(StandardCharsets.UTF_8);
                int q1 = line.indexOf('"', 7);
                String id = line.substring(7, q1);
                int t = line.indexOf("\"created_at\":\"") + 14;
                long ts = java.time.Instant.parse(line.substring(t, t + 20)).toEpochMilli();
                ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, null, ts, id.getBytes(StandardCharsets.UTF_8), value);
                r.headers().add(new RecordHeader(Topics.HEADER_SOURCE_FILE, "bench".getBytes(StandardCharsets.UTF_8)));
                producer.send(r, (m, e) -> {
                    if (e != null) {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, e);
                    }
                });
                try {
                    out[(int) (count[0] % FILES)].write(line);
                    out[(int) (count[0] % FILES)].write('\n');
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                count[0]++;
                bytes[0] += value.length + 1;
                if (count[0] % 100_000 == 0) {
                    System.err.printf("bench-stream: generated %,d events (%.0f s)%n", count[0], (System.nanoTime() - started) / 1e9);
                }
            });
            producer.flush();
            if (failed.get() > 0) {
                throw new IllegalStateException(failed.get() + " of " + count[0] + " benchmark events were not delivered "
                        + "to " + topic + ": the figures would be wrong", firstFailure.get());
            }
        } finally {
            for (BufferedWriter w : out) {
                w.close();
            }
        }
        return new BenchInput(topic, control, count[0], bytes[0]);
    }
}
