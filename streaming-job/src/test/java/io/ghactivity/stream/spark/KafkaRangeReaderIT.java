package io.ghactivity.stream.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghactivity.stream.core.Envelopes;
import io.ghactivity.stream.spark.KafkaReadTask.OffsetRange;
import io.ghactivity.testsupport.KafkaBrokerExtension;
import io.ghactivity.testsupport.RealSample;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pass 1 reading Kafka itself, against a real broker: for every micro-batch of a real stream it reads exactly the
 * records Spark's source returns for the batch — same coordinates, same verdicts, same bytes — and records that are
 * gone from the log stop it with a data-loss error instead of being skipped.
 */
class KafkaRangeReaderIT {
    @RegisterExtension
    static final KafkaBrokerExtension broker = new KafkaBrokerExtension();

    @TempDir
    java.nio.file.Path dir;

    @Test
    @Timeout(300)
    void readsExactlyWhatSparksSourceReadsForEachBatch() throws Exception {
        SparkSession spark = SparkTestSession.get();
        List<byte[]> values = new ArrayList<>();
        for (RealSample s : RealSample.values()) {
            values.addAll(s.eventLines());
        }
        values.add(null); // a tombstone
        values.add("not json".getBytes(StandardCharsets.UTF_8));
        values.add(new byte[] {'{', (byte) 0xC3, '}'});
        try (TopicFixture topics = new TopicFixture(broker.bootstrap(), "ranges", 3)) {
            topics.sendRaw(values);
            List<String> direct = Collections.synchronizedList(new ArrayList<>());
            List<String> viaSource = Collections.synchronizedList(new ArrayList<>());
            List<Integer> tasksPerBatch = Collections.synchronizedList(new ArrayList<>());
            VoidFunction2<Dataset<Row>, Long> compare = (batch, id) -> {
                RDD<InternalRow> rows = KafkaReadPlan.sourceRows(batch);
                Optional<List<KafkaReadTask>> tasks = KafkaReadPlan.of(rows, 2);
                assertThat(tasks).as("batch %d: the plan shows the source's offset ranges", id).isPresent();
                tasks.get().forEach(t -> assertThat(t.ranges().stream().map(r -> r.partition()).distinct().count())
                        .as("a consumer reads each partition once").isEqualTo(t.ranges().size()));
                tasksPerBatch.add(tasks.get().size());
                JavaRDD<ValueChunk> read = JavaSparkContext.fromSparkContext(spark.sparkContext())
                        .parallelize(tasks.get(), Math.max(1, tasks.get().size())).mapPartitions(new KafkaRangeReader());
                direct.addAll(read.flatMap(c -> records(c).iterator()).collect());
                viaSource.addAll(rows.toJavaRDD().mapPartitions(new ValuePacker(batch.schema()))
                        .flatMap(c -> records(c).iterator()).collect());
            };
            spark.readStream().format("kafka")
                    .option("kafka.bootstrap.servers", topics.bootstrap).option("subscribe", topics.events)
                    .option("startingOffsets", "earliest")
                    .option("maxOffsetsPerTrigger", values.size() / 3)
                    .option("minPartitions", 6) // the source splits partitions; the plan must merge them back
                    .load().writeStream().option("checkpointLocation", dir.resolve("cp").toString())
                    .trigger(Trigger.AvailableNow()).foreachBatch(compare).start().awaitTermination();

            assertThat(tasksPerBatch).hasSizeGreaterThanOrEqualTo(3).allSatisfy(n -> assertThat(n).isBetween(1, 2));
            assertThat(direct).hasSize(values.size()).doesNotHaveDuplicates();
            assertThat(direct).containsExactlyInAnyOrderElementsOf(viaSource);
            assertThat(direct).filteredOn(r -> r.contains(" valid ")).hasSizeGreaterThan(values.size() * 9 / 10);
            assertThat(direct).filteredOn(r -> !r.contains(" valid ")).hasSizeGreaterThanOrEqualTo(3);
        }
    }

    @Test
    @Timeout(120)
    void recordsGoneFromTheLogAreDataLoss() throws Exception {
        try (TopicFixture topics = new TopicFixture(broker.bootstrap(), "loss", 1)) {
            List<byte[]> values = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                values.add(("{\"id\":\"" + (i + 1) + "\",\"type\":\"PushEvent\",\"created_at\":\"2022-06-01T00:00:00Z\"}")
                        .getBytes(StandardCharsets.UTF_8));
            }
            topics.sendRaw(values);
            assertThat(read(topics, 0, 100)).hasSize(100);

            assertThatThrownBy(() -> read(topics, 0, 150))
                    .as("the log ends before the planned range does").isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("gone").hasMessageContaining("ends before");

            Properties a = new Properties();
            a.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, topics.bootstrap);
            try (Admin admin = Admin.create(a)) {
                admin.deleteRecords(Map.of(new TopicPartition(topics.events, 0), RecordsToDelete.beforeOffset(40)))
                        .all().get();
            }
            assertThatThrownBy(() -> read(topics, 10, 100))
                    .as("retention deleted the start of the range").isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("gone").hasMessageContaining("no longer in the log");
            assertThat(read(topics, 40, 100)).hasSize(60);
        }
    }

    private static List<String> read(TopicFixture topics, long from, long until) {
        Map<String, Object> params = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, topics.bootstrap);
        KafkaReadTask task = new KafkaReadTask(List.of(new OffsetRange(topics.events, 0, from, until)), params, 3_000);
        List<String> out = new ArrayList<>();
        Iterator<ValueChunk> chunks = new KafkaRangeReader().call(List.of(task).iterator());
        chunks.forEachRemaining(c -> out.addAll(records(c)));
        return out;
    }

    /** Each record of a chunk as "partition:offset verdict id created_at sha-256-of-kept-bytes". */
    private static List<String> records(ValueChunk c) {
        List<String> out = new ArrayList<>();
        Envelopes e = c.envelopes();
        for (int i = 0; i < c.size(); i++) {
            String verdict = e.isValid(i) ? "valid " + e.id(i) + " " + e.createdMillis(i) : "reject " + e.reason(i);
            MessageDigest sha = sha256();
            sha.update(c.data(), c.start(i), c.length(i));
            out.add(e.partition(i) + ":" + e.offset(i) + " " + verdict + " " + HexFormat.of().formatHex(sha.digest()));
        }
        return out;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
