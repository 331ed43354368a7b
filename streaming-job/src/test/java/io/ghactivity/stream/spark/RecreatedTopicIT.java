package io.ghactivity.stream.spark;

import static io.ghactivity.stream.spark.StreamJobIT.ids;
import static io.ghactivity.stream.spark.StreamJobIT.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.HourManifest;
import io.ghactivity.contracts.cli.UserError;
import io.ghactivity.stream.core.BatchMetrics;
import io.ghactivity.stream.core.LakeFs;
import io.ghactivity.stream.core.StreamConfig;
import io.ghactivity.stream.core.TopicIds;
import io.ghactivity.stream.core.TriggerSpec;
import io.ghactivity.testsupport.KafkaBrokerExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The events topic deleted and created again under the job (offsets from 0 again, a new topic id), with a real broker
 * and real Spark: the job on the old checkpoint stops and says what happened and what to run; {@code --continue-from}
 * with a new checkpoint continues on the same lake — exactly the ids the lake lacked are added, a closed hour that got
 * new rows gets a new revision, and the lake's batch ids go on where they stopped.
 *
 * <p>One partition of the new topic has fewer records than the old checkpoint's offset (Spark's source sees a data
 * loss) and the other more (the source cannot see anything and would read on from the old offset, silently skipping
 * the new topic's first records — shown here on a copy of the old checkpoint).
 */
class RecreatedTopicIT {
    static final GhArchiveHour H1 = GhArchiveHour.parse("2022-06-10T01");
    static final GhArchiveHour H2 = H1.next();
    static final GhArchiveHour H3 = H2.next();

    @RegisterExtension
    static final KafkaBrokerExtension broker = new KafkaBrokerExtension();

    @Test
    @Timeout(400)
    void recreatedTopicStopsTheOldCheckpointAndContinueFromGoesOnOnTheSameLake(@TempDir Path dir) throws Exception {
        String lake = dir.resolve("lake").toString();
        SparkSession spark = SparkTestSession.get();
        LakeFs fs = new LakeFs(spark.sparkContext().hadoopConfiguration());
        try (TopicFixture topics = new TopicFixture(broker.bootstrap(), "recreated", 2)) {
            StreamConfig old = topics.config(lake, TriggerSpec.AVAILABLE_NOW, "old-topic");
            List<String> h1p0 = TestEvents.hourOfPushes(H1, 700_000, 30);
            topics.sendEventsTo(0, h1p0); // p0 offsets 0-29
            topics.sendEventsTo(1, TestEvents.hourOfPushes(H1, 700_100, 10)); // p1 offsets 0-9
            topics.sendMarker(H1, 40);
            topics.sendEventsTo(0, firstOf(H2, 710_000, 5)); // p0 offsets 30-34; H2 stays open
            run(old);
            LakeReader reader = new LakeReader(spark, lake);
            assertThat(reader.manifest(H1).revision()).isEqualTo(1);
            assertThat(reader.manifest(H2)).as("H2 open: no marker yet").isNull();
            List<Long> oldBatches = batchIds(Path.of(lake, "events/_spark_metadata"));
            String oldEventsId = TopicIds.read(fs, old.checkpoint()).orElseThrow().eventsId();

            topics.recreateEvents();
            String newEventsId = topicId(topics.events);
            assertThat(newEventsId).isNotEqualTo(oldEventsId);
            // The producer replays H1 and H2 into the new topic (ids the lake has, and ids it lacks) and goes on.
            List<String> p0 = new ArrayList<>(h1p0);
            p0.addAll(firstOf(H2, 710_000, 20));
            p0.addAll(TestEvents.hourOfPushes(H3, 720_000, 10));
            topics.sendEventsTo(0, p0); // 60 records: more than the old offset 35
            topics.sendEventsTo(1, List.of(TestEvents.push(700_200, H1.startInstant().plusSeconds(5)),
                    TestEvents.push(700_201, H1.startInstant().plusSeconds(6)),
                    TestEvents.push(720_100, H3.startInstant().plusSeconds(7)),
                    TestEvents.push(720_101, H3.startInstant().plusSeconds(8)))); // 4 records: fewer than the old 10
            topics.sendMarker(H1, 42);
            topics.sendMarker(H2, 20);
            topics.sendMarker(H3, 12);

            // Why the job checks topic ids: Spark's source alone, on a copy of the old checkpoint, reads p0 from the
            // old offset 35 on without a word, and skips p1 (offset 4 < 10) as a data loss.
            assertThat(sparkSourceOffsetsOnCopyOf(spark, old.checkpoint(), dir.resolve("spark-only"), topics))
                    .isEqualTo(LongStream.range(35, 60).mapToObj(o -> "0@" + o).collect(Collectors.toCollection(TreeSet::new)));

            assertThatThrownBy(() -> run(old.withRunId("old-again"))).isInstanceOf(UserError.class)
                    .hasMessageContaining("the events topic " + topics.events + " was deleted and created again")
                    .hasMessageContaining(oldEventsId).hasMessageContaining(newEventsId)
                    .hasMessageContaining("--continue-from " + old.checkpoint());

            String fresh = dir.resolve("checkpoint-2").toString();
            StreamConfig continued = old.withCheckpoint(fresh).withRunId("continued");
            StreamJob job = new StreamJob(spark, continued).continueFrom(old.checkpoint());
            try {
                job.start();
                job.awaitDone();
            } finally {
                job.close();
            }

            Set<Long> h1 = new HashSet<>(ids(700_000, 30));
            h1.addAll(ids(700_100, 10));
            h1.addAll(List.of(700_200L, 700_201L));
            Set<Long> h3 = new HashSet<>(ids(720_000, 10));
            h3.addAll(List.of(720_100L, 720_101L));
            HourManifest m1 = reader.manifest(H1);
            assertThat(m1.revision()).as("new rows in closed H1: a new revision").isEqualTo(2);
            assertThat(reader.idsOfManifest(m1)).isEqualTo(h1);
            assertThat(reader.manifest(H2).revision()).isEqualTo(1);
            assertThat(reader.idsOfManifest(reader.manifest(H2))).isEqualTo(ids(710_000, 20));
            assertThat(reader.manifest(H3).revision()).isEqualTo(1);
            assertThat(reader.idsOfManifest(reader.manifest(H3))).isEqualTo(h3);
            assertThat(reader.allIds()).doesNotHaveDuplicates().hasSize(h1.size() + 20 + h3.size());

            List<BatchMetrics> metrics = job.metrics();
            long lastOld = oldBatches.get(oldBatches.size() - 1);
            assertThat(metrics.get(0).batchId()).as("lake batch ids go on").isEqualTo(lastOld + 1);
            assertThat(metrics.stream().mapToLong(BatchMetrics::duplicatesDropped).sum()).isEqualTo(30 + 5);
            assertThat(metrics.stream().mapToLong(BatchMetrics::lateRows).sum()).isEqualTo(2);
            assertThat(metrics.stream().mapToLong(BatchMetrics::rowsIn).sum()).isEqualTo(64);
            assertGaplessLog(Path.of(lake, "events/_spark_metadata"));
            assertGaplessLog(Path.of(lake, "rejects/_spark_metadata"));

            assertThatThrownBy(() -> run(old.withRunId("old-once-more"))).isInstanceOf(UserError.class)
                    .hasMessageContaining("was replaced by " + fresh);

            // The continued checkpoint restarts like any other (the flag given again or not): batch ids go on.
            topics.sendEventsTo(1, List.of(TestEvents.push(720_200, H3.startInstant().plusSeconds(9))));
            StreamJob again = new StreamJob(spark, continued.withRunId("continued-again")).continueFrom(old.checkpoint());
            try {
                again.start();
                again.awaitDone();
            } finally {
                again.close();
            }
            assertThat(again.metrics().get(0).batchId()).isGreaterThan(metrics.get(metrics.size() - 1).batchId());
            run(continued.withRunId("continued-plain"));
            h3.add(720_200L);
            assertThat(reader.manifest(H3).revision()).isEqualTo(2);
            assertThat(reader.idsOfManifest(reader.manifest(H3))).isEqualTo(h3);
            assertThat(reader.allIds()).doesNotHaveDuplicates().hasSize(h1.size() + 20 + h3.size());
            assertGaplessLog(Path.of(lake, "events/_spark_metadata"));
        }
    }

    /** {@code n} pushes of {@code hour} from {@code firstId}, ten seconds apart from the hour's start. */
    private static List<String> firstOf(GhArchiveHour hour, long firstId, int n) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lines.add(TestEvents.push(firstId + i, hour.startInstant().plusSeconds(10L * i)));
        }
        return lines;
    }

    /**
     * Spark's Kafka source by itself (failOnDataLoss=false, no job around it) on a copy of the job's old checkpoint after
     * the topic was recreated: the "partition@offset" of every record it reads.
     */
    private static Set<String> sparkSourceOffsetsOnCopyOf(SparkSession spark, String checkpoint, Path copy,
                                                          TopicFixture topics) throws Exception {
        copyTree(Path.of(checkpoint), copy);
        Set<String> read = java.util.Collections.synchronizedSet(new TreeSet<>());
        VoidFunction2<Dataset<Row>, Long> collect = (batch, id) -> batch.collectAsList()
                .forEach(r -> read.add(r.getInt(0) + "@" + r.getLong(1)));
        StreamingQuery q = spark.readStream().format("kafka")
                .option("kafka.bootstrap.servers", topics.bootstrap)
                .option("subscribe", topics.events)
                .option("failOnDataLoss", "false")
                .load().selectExpr("partition", "offset")
                .writeStream().foreachBatch(collect)
                .option("checkpointLocation", copy.toString())
                .trigger(Trigger.AvailableNow())
                .start();
        try {
            q.awaitTermination();
        } finally {
            q.stop();
        }
        return new TreeSet<>(read);
    }

    private String topicId(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()))) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).topicId().toString();
        }
    }

    /** Batch ids of a sink log, ascending. */
    private static List<Long> batchIds(Path log) throws IOException {
        try (Stream<Path> files = Files.list(log)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+(\\.compact)?"))
                    .map(n -> Long.parseLong(n.replace(".compact", ""))).sorted().toList();
        }
    }

    /** The sink log holds every batch id from 0 to its newest: a continuation neither skipped nor reused one. */
    private static void assertGaplessLog(Path log) throws IOException {
        List<Long> idsInLog = batchIds(log);
        assertThat(idsInLog).isEqualTo(LongStream.rangeClosed(0, idsInLog.get(idsInLog.size() - 1)).boxed().toList());
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
