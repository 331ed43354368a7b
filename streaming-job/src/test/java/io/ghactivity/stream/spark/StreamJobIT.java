package io.ghactivity.stream.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ghactivity.contracts.DlqReason;
import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.HourManifest;
import io.ghactivity.contracts.cli.UserError;
import io.ghactivity.stream.core.BatchMetrics;
import io.ghactivity.stream.core.StreamConfig;
import io.ghactivity.stream.core.TriggerSpec;
import io.ghactivity.testsupport.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job against a real broker and real Spark, with records produced by hand per the topic contract: duplicates,
 * records from a foreign client, hours closed by markers and by the watermark, late rows re-opening an hour, and the
 * fresh-checkpoint guard.
 */
class StreamJobIT {
    static final GhArchiveHour H7 = GhArchiveHour.parse("2022-06-05T07");
    static final GhArchiveHour H8 = H7.next();

    @RegisterExtension
    static final KafkaBrokerExtension broker = new KafkaBrokerExtension();

    @Test
    @Timeout(300)
    void dedupsRoutesRejectsClosesHoursByMarkerAndReopensOnLateRows(@TempDir Path dir) throws Exception {
        String lake = dir.resolve("lake").toString();
        try (TopicFixture topics = new TopicFixture(broker.bootstrap(), "dedup", 3)) {
            List<String> h7 = TestEvents.hourOfPushes(H7, 1_000, 60);
            List<String> h8 = new ArrayList<>(TestEvents.hourOfPushes(H8, 2_000, 40));
            h8.add(TestEvents.pullRequest(2_500, H8.startInstant().plusSeconds(100), 42, true));
            topics.sendEvents(h7);
            topics.sendEvents(h7.subList(0, 5)); // the crawler's duplicates / a retried file
            topics.sendRaw(List.of("not json at all".getBytes(StandardCharsets.UTF_8),
                    "{\"type\":\"PushEvent\",\"created_at\":\"2022-06-05T07:00:00Z\"}".getBytes(StandardCharsets.UTF_8),
                    new byte[] {'{', '"', 'i', (byte) 0xC3, '"', '}'}));
            topics.sendMarker(H7, h7.size());
            topics.sendEvents(h8);
            topics.sendMarker(H8, h8.size());

            StreamJob job = run(topics.config(lake, TriggerSpec.AVAILABLE_NOW, "run-1"));
            LakeReader reader = new LakeReader(SparkTestSession.get(), lake);
            HourManifest m7 = reader.manifest(H7);
            HourManifest m8 = reader.manifest(H8);
            assertThat(m7).as("hour 7 closed by its marker").isNotNull();
            assertThat(m8).as("hour 8 closed by its marker").isNotNull();
            assertThat(m7.revision()).isEqualTo(1);
            assertThat(m7.runId()).isEqualTo("run-1");
            assertThat(reader.idsOfManifest(m7)).isEqualTo(ids(1_000, 60));
            Set<Long> expected8 = new HashSet<>(ids(2_000, 40));
            expected8.add(2_500L);
            assertThat(reader.idsOfManifest(m8)).isEqualTo(expected8);
            assertThat(m7.minCreatedAt()).isEqualTo("2022-06-05T07:00:00Z");
            assertThat(m7.maxCreatedAt()).isEqualTo("2022-06-05T07:59:59Z");
            assertThat(reader.allIds()).hasSize(60 + 41).doesNotHaveDuplicates();

            List<Row> rejects = reader.rejects();
            assertThat(rejects).extracting(r -> r.getAs("reason").toString()).containsExactlyInAnyOrder(
                    DlqReason.NOT_JSON.code(), DlqReason.MISSING_ID.code(), DlqReason.INVALID_UTF8.code());
            assertThat(rejects).allSatisfy(r -> assertThat((byte[]) r.getAs(LakeRows.RAW)).isNotEmpty());

            Row pr = SparkTestSession.get().read().parquet(lake + "/events").filter("id = 2500").first();
            assertThat(pr.<Integer>getAs("pr_number")).isEqualTo(42);
            assertThat(pr.<Boolean>getAs("pr_merged")).isTrue();
            assertThat(pr.<String>getAs("action")).isEqualTo("closed");
            assertThat(pr.<String>getAs("org_login")).isEqualTo("org");
            assertThat(pr.<String>getAs("payload")).startsWith("{\"action\":\"closed\"").endsWith("}}");

            long dups = job.metrics().stream().mapToLong(BatchMetrics::duplicatesDropped).sum();
            long rejected = job.metrics().stream().mapToLong(BatchMetrics::rejects).sum();
            assertThat(dups).isEqualTo(5);
            assertThat(rejected).isEqualTo(3);
            assertThat(Files.list(Path.of(lake, "_metrics/stream"))).isNotEmpty();

            // Late: two new events of the closed hour 7 and one more copy of an old one, on the same checkpoint.
            topics.sendEvents(List.of(TestEvents.push(1_100, H7.startInstant().plusSeconds(10)),
                    TestEvents.push(1_101, H7.startInstant().plusSeconds(20)), h7.get(10)));
            StreamJob again = run(topics.config(lake, TriggerSpec.AVAILABLE_NOW, "run-2"));
            HourManifest m7b = reader.manifest(H7);
            assertThat(m7b.revision()).as("late rows re-close the hour with a new revision").isEqualTo(2);
            Set<Long> expected7 = new HashSet<>(ids(1_000, 60));
            expected7.addAll(List.of(1_100L, 1_101L));
            assertThat(reader.idsOfManifest(m7b)).isEqualTo(expected7);
            assertThat(again.metrics()).hasSize(1);
            BatchMetrics late = again.metrics().get(0);
            assertThat(late.lateRows()).isEqualTo(2);
            assertThat(late.duplicatesDropped()).isEqualTo(1);
            assertThat(late.hoursClosed()).containsExactly(H7 + "@2");
            assertThat(reader.manifest(H8).revision()).isEqualTo(1);
        }
    }

    @Test
    @Timeout(300)
    void watermarkClosesHoursWithoutMarkersAndFreshCheckpointIsRefused(@TempDir Path dir) throws Exception {
        String lake = dir.resolve("lake").toString();
        try (TopicFixture topics = new TopicFixture(broker.bootstrap(), "wm", 2)) {
            GhArchiveHour h10 = GhArchiveHour.parse("2022-06-05T10");
            topics.sendEvents(TestEvents.hourOfPushes(h10, 10_000, 20));
            topics.sendEvents(List.of(TestEvents.push(10_500, h10.next().startInstant().plusSeconds(30 * 60))));
            StreamConfig config = topics.config(lake, TriggerSpec.AVAILABLE_NOW, "wm-run")
                    .withAllowedLateness(Duration.ofMinutes(20));
            StreamJob job = run(config);
            LakeReader reader = new LakeReader(SparkTestSession.get(), lake);
            assertThat(reader.manifest(h10)).as("watermark 10:10 passed the end of hour 10").isNotNull();
            assertThat(reader.idsOfManifest(reader.manifest(h10))).isEqualTo(ids(10_000, 20));
            assertThat(reader.manifest(h10.next())).as("hour 11 is still within lateness").isNull();
            assertThat(job.state().openHours()).containsExactly(h10.next());

            StreamJob fresh = new StreamJob(SparkTestSession.get(), config.withCheckpoint(dir.resolve("new-cp").toString()));
            assertThatThrownBy(fresh::start).isInstanceOf(UserError.class)
                    .hasMessageContaining("already holds stream output").hasMessageContaining("--checkpoint");
        }
    }

    /**
     * {@code created_at} outliers: times a partition name cannot hold go to rejects/ with their reason; a lone valid
     * event years ahead of everything, in a batch of its own, is written into its own hour but closes no hour (the
     * old high mark would have taken the watermark to 2031 and closed every open hour); the next ordinary events move
     * the watermark on and close the hour.
     */
    @Test
    @Timeout(300)
    void createdAtOutOfRangeIsRejectedAndALoneFarEventClosesNoHour(@TempDir Path dir) throws Exception {
        String lake = dir.resolve("lake").toString();
        GhArchiveHour far = GhArchiveHour.parse("2031-01-01T00");
        try (TopicFixture topics = new TopicFixture(broker.bootstrap(), "outliers", 2)) {
            topics.sendEvents(TestEvents.hourOfPushes(H7, 3_000, 20));
            // Sent raw, as a foreign client would (the producer rejects them, and Kafka no negative timestamp).
            topics.sendRaw(List.of(TestEvents.push(3_100, Instant.parse("1969-12-31T23:59:59Z")).getBytes(StandardCharsets.UTF_8),
                    TestEvents.push(3_101, H7.startInstant()).replace(H7.startInstant().toString(), "+10000-01-01T00:00:00Z")
                            .getBytes(StandardCharsets.UTF_8)));
            StreamConfig config = topics.config(lake, TriggerSpec.AVAILABLE_NOW, "outliers")
                    .withAllowedLateness(Duration.ofMinutes(20));
            run(config);
            LakeReader reader = new LakeReader(SparkTestSession.get(), lake);
            assertThat(reader.rejects()).extracting(r -> r.getAs("reason").toString())
                    .containsExactly(DlqReason.CREATED_AT_OUT_OF_RANGE.code(), DlqReason.CREATED_AT_OUT_OF_RANGE.code());

            topics.sendEvents(List.of(TestEvents.push(3_200, far.startInstant())));
            StreamJob lone = run(config);
            assertThat(lone.metrics()).singleElement().satisfies(m -> assertThat(m.rowsWritten()).isEqualTo(1));
            assertThat(lone.state().openHours()).as("hour 7 is not closed by an event from 2031").containsExactly(H7, far);
            assertThat(reader.manifest(H7)).isNull();
            assertThat(reader.allIds()).contains(3_200L);

            topics.sendEvents(TestEvents.hourOfPushes(H8, 4_000, 20));
            StreamJob next = run(config);
            assertThat(reader.manifest(H7)).as("the watermark, 08:39:59, passed hour 7's end").isNotNull();
            assertThat(reader.idsOfManifest(reader.manifest(H7))).isEqualTo(ids(3_000, 20));
            assertThat(next.state().openHours()).containsExactly(H8, far);
        }
    }

    @Test
    @Timeout(300)
    void aMarkerArrivingWhileNoBatchRunsStillClosesItsHour(@TempDir Path dir) throws Exception {
        String lake = dir.resolve("lake").toString();
        GhArchiveHour h = GhArchiveHour.parse("2022-06-06T15");
        try (TopicFixture topics = new TopicFixture(broker.bootstrap(), "idle", 2)) {
            topics.sendEvents(TestEvents.hourOfPushes(h, 30_000, 25));
            StreamConfig d = topics.config(lake, TriggerSpec.parse("1s"), "live");
            StreamConfig live = new StreamConfig(d.lake(), null, d.bootstrap(), d.topic(), d.controlTopic(), "earliest",
                    d.trigger(), 1000, d.allowedLateness(), Duration.ofSeconds(1), d.kafkaOptions(), "live");
            LakeReader reader = new LakeReader(SparkTestSession.get(), lake);
            SparkTestSession.get().conf().set(StreamJob.LEASE_SECONDS, "6");
            try (StreamJob job = new StreamJob(SparkTestSession.get(), live)) {
                job.start();
                await(() -> job.metrics().stream().mapToLong(BatchMetrics::rowsWritten).sum() == 25);
                assertThat(reader.manifest(h)).as("no marker yet, watermark far behind").isNull();
                topics.sendMarker(h, 25); // the file's last events were consumed in an earlier batch
                await(() -> reader.manifest(h) != null);

                // A second job on the same lake (same checkpoint, so only the lease can stop it) is refused.
                StreamJob second = new StreamJob(SparkTestSession.get(), live.withRunId("second"));
                assertThatThrownBy(second::start).isInstanceOf(UserError.class)
                        .hasMessageContaining("second stream job on the same lake is refused");
                assertThat(job.query().isActive()).isTrue();
            } finally {
                SparkTestSession.get().conf().unset(StreamJob.LEASE_SECONDS);
            }
            assertThat(reader.idsOfManifest(reader.manifest(h))).isEqualTo(ids(30_000, 25));
        }
    }

    /**
     * Two defects of the sink-log reading, end to end. (1) Spark compacts the events log every 10th batch (batch 9,
     * 19, …), and that batch's entry then lists every file committed so far: counted as the batch's own rows, they
     * were "late rows" for every hour already closed, which re-opened them (revision 2). (2) The log stores file paths
     * URL-encoded; read back as plain paths, a lake under a directory with a space, {@code %} or {@code #} failed
     * every batch. Here: 12 hours, one marker each, 25 records per batch (so 13+ batches, compaction included), in
     * such a directory.
     */
    @Test
    @Timeout(300)
    void hoursClosedBeforeTheSinkLogCompactsStayClosedAndOddLakePathsWork(@TempDir Path dir) throws Exception {
        String lake = dir.resolve("a lake 100% #1").toString();
        GhArchiveHour first = GhArchiveHour.parse("2022-06-07T00");
        try (TopicFixture topics = new TopicFixture(broker.bootstrap(), "compact", 1)) {
            Set<Long> all = new HashSet<>();
            GhArchiveHour h = first;
            for (int i = 0; i < 12; i++, h = h.next()) {
                topics.sendEvents(TestEvents.hourOfPushes(h, 100_000 + i * 1_000L, 25));
                topics.sendMarker(h, 25);
                all.addAll(ids(100_000 + i * 1_000L, 25));
            }
            StreamJob job = run(topics.config(lake, TriggerSpec.AVAILABLE_NOW, "compact").withMaxOffsetsPerTrigger(25));
            assertThat(job.metrics().size()).as("batches, past the compaction at batch 9").isGreaterThanOrEqualTo(12);
            assertThat(job.metrics()).allSatisfy(m -> assertThat(m.lateRows()).isZero());
            assertThat(job.metrics().stream().mapToLong(BatchMetrics::rowsWritten).sum()).isEqualTo(all.size());
            LakeReader reader = new LakeReader(SparkTestSession.get(), lake);
            h = first;
            for (int i = 0; i < 12; i++, h = h.next()) {
                HourManifest m = reader.manifest(h);
                assertThat(m).as("hour %s closed", h).isNotNull();
                assertThat(m.revision()).as("hour %s closed once", h).isEqualTo(1);
                assertThat(reader.idsOfManifest(m)).isEqualTo(ids(100_000 + i * 1_000L, 25));
            }
        }
    }

    /**
     * Records gone from the topic (retention deleted them before the job read them, or the topic was recreated) stop
     * the job — events may be lost — and {@code spark.ghactivity.stream.failOnDataLoss=false} is the way to continue on
     * the same lake and checkpoint: what is still in the topic is written, the gap is skipped.
     */
    @Test
    @Timeout(300)
    void dataGoneFromTheTopicStopsTheJobAndFailOnDataLossFalseContinues(@TempDir Path dir) throws Exception {
        String lake = dir.resolve("lake").toString();
        GhArchiveHour h1 = GhArchiveHour.parse("2022-06-08T01");
        GhArchiveHour h2 = h1.next();
        try (TopicFixture topics = new TopicFixture(broker.bootstrap(), "lost", 1)) {
            topics.sendEvents(TestEvents.hourOfPushes(h1, 200_000, 20)); // offsets 0-19
            run(topics.config(lake, TriggerSpec.AVAILABLE_NOW, "before"));
            topics.sendEvents(TestEvents.hourOfPushes(h2, 300_000, 40)); // offsets 20-59
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()))) {
                admin.deleteRecords(Map.of(new TopicPartition(topics.events, 0), RecordsToDelete.beforeOffset(40)))
                        .all().get();
            }

            assertThatThrownBy(() -> run(topics.config(lake, TriggerSpec.AVAILABLE_NOW, "stops")))
                    .satisfies(e -> assertThat(messages(e)).containsIgnoringCase("lost"));

            SparkTestSession.get().conf().set(StreamJob.FAIL_ON_DATA_LOSS, "false");
            try {
                run(topics.config(lake, TriggerSpec.AVAILABLE_NOW, "continues"));
            } finally {
                SparkTestSession.get().conf().unset(StreamJob.FAIL_ON_DATA_LOSS);
            }
            Set<Long> expected = new HashSet<>(ids(200_000, 20));
            expected.addAll(ids(300_020, 20)); // offsets 40-59; 20-39 were deleted unread
            LakeReader reader = new LakeReader(SparkTestSession.get(), lake);
            assertThat(reader.allIds()).doesNotHaveDuplicates();
            assertThat(new HashSet<>(reader.allIds())).isEqualTo(expected);
        }
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 120 s").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    static StreamJob run(StreamConfig config) throws Exception {
        StreamJob job = new StreamJob(SparkTestSession.get(), config);
        try {
            job.start();
            job.awaitDone();
        } finally {
            job.close();
        }
        return job;
    }

    static Set<Long> ids(long first, int n) {
        return LongStream.range(first, first + n).boxed().collect(Collectors.toSet());
    }
}
