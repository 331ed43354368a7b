package io.ghactivity.producer;

import static io.ghactivity.producer.ReplayRunner.header;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.HourEndMarker;
import io.ghactivity.contracts.Topics;
import io.ghactivity.testsupport.HourFiles;
import io.ghactivity.testsupport.KafkaBrokerExtension;
import io.ghactivity.testsupport.RealSample;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The dir source against a real broker: every real sample with exact counts, markers, and the big-event limits. */
@Timeout(600)
class ReplayDirIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path tmp;
    @RegisterExtension
    static final KafkaBrokerExtension broker = new KafkaBrokerExtension();


    private static String[] args(Path dir, String from, String to, String topic, String... more) {
        List<String> a = new ArrayList<>(List.of("--source", "dir:" + dir, "--from", from, "--to", to,
                "--bootstrap", broker.bootstrap(), "--topic", topic, "--partitions", "3",
                "--state-dir", tmp.resolve("state-" + topic).toString()));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    /** The test's own count: lines that Jackson parses to an object with an id, a type and a created_at. */
    private static int independentCount(List<byte[]> lines) throws IOException {
        int n = 0;
        for (byte[] line : lines) {
            JsonNode node = JSON.readTree(line);
            if (node.isObject() && node.hasNonNull("id") && node.path("type").isTextual() && node.path("created_at").isTextual()) {
                n++;
            }
        }
        return n;
    }

    @Test
    void everyRealSampleReplaysWithExactCountsBytesKeysTimestampsAndMarkers() throws Exception {
        Path dir = tmp.resolve("real");
        GhArchiveHour hour = GhArchiveHour.parse("2030-01-01T00");
        Map<String, List<byte[]>> expected = new HashMap<>();
        int total = 0;
        for (RealSample s : RealSample.values()) {
            if (s == RealSample.HONEYPOT_2015_01_01_12) {
                Files.createDirectories(dir);
                Files.copy(s.path(), dir.resolve(hour.fileName())); // the real hour file, byte for byte
            } else {
                HourFiles.write(dir, hour, s.eventLines());
            }
            int independent = independentCount(s.eventLines());
            assertThat(independent).as(s.name()).isEqualTo(s.documentedEventCount());
            expected.put(hour.fileName(), s.eventLines());
            total += independent;
            hour = hour.next();
        }
        ReplayRunner.Captured run = ReplayRunner.runCapturing(args(dir, "2030-01-01T00", hour.previous().toString(), "real"));
        ReplayTotals summary = run.summary();
        if (ReplayRunner.LIBDEFLATE_EXPECTED) {
            int hours = RealSample.values().length; // all but the first are opened ahead and decoded whole
            assertThat(run.stderr()).contains("replay: gunzip with ").contains("libdeflate")
                    .contains("gunzip: " + (hours - 1) + " of " + hours + " gzip hour file(s) decoded whole by libdeflate");
        }
        assertThat(summary.events()).isEqualTo(total);
        assertThat(summary.dlq()).isZero();
        assertThat(summary.hours()).isEqualTo(RealSample.values().length);
        assertThat(summary.missingHours()).isEmpty();

        List<ConsumerRecord<byte[], byte[]>> records = ReplayRunner.read(broker.bootstrap(), "real");
        assertThat(records).hasSize(total);
        Map<String, Set<ByteBuffer>> got = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            JsonNode node = JSON.readTree(r.value());
            assertThat(new String(r.key())).isEqualTo(node.get("id").asText());
            assertThat(r.timestamp()).isEqualTo(Instant.parse(node.get("created_at").asText()).toEpochMilli());
            assertThat(header(r, Topics.HEADER_TYPE)).isEqualTo(node.get("type").asText());
            assertThat(Long.parseLong(header(r, Topics.HEADER_SOURCE_LINE))).isPositive();
            got.computeIfAbsent(header(r, Topics.HEADER_SOURCE_FILE), f -> new HashSet<>()).add(ByteBuffer.wrap(r.value()));
        }
        for (Map.Entry<String, List<byte[]>> e : expected.entrySet()) {
            Set<ByteBuffer> lines = new HashSet<>();
            e.getValue().forEach(l -> lines.add(ByteBuffer.wrap(l)));
            assertThat(got.get(e.getKey())).as("values of %s are the original lines", e.getKey()).isEqualTo(lines);
        }

        List<HourEndMarker> markers = ReplayRunner.markersFor(broker.bootstrap(), "real");
        assertThat(markers).hasSize(RealSample.values().length);
        assertThat(markers.stream().mapToLong(HourEndMarker::events).sum()).isEqualTo(total);
        Map<Integer, Long> last = markers.get(markers.size() - 1).endOffsets();
        Map<Integer, Long> actualEnd = new HashMap<>();
        records.forEach(r -> actualEnd.merge(r.partition(), r.offset() + 1, Math::max));
        assertThat(last).isEqualTo(actualEnd); // the final marker covers every record

        // The streaming java.util.zip path delivers exactly the same records.
        ReplayRunner.Captured streamed = ReplayRunner.runCapturing(
                args(dir, "2030-01-01T00", hour.previous().toString(), "real-java", "--gunzip", "java"));
        assertThat(streamed.stderr()).contains("replay: gunzip with java.util.zip (--gunzip java)");
        assertThat(streamed.summary().events()).isEqualTo(total);
        assertThat(valuesBySourceLine(ReplayRunner.read(broker.bootstrap(), "real-java"))).isEqualTo(valuesBySourceLine(records));

        // Restarting the finished replay does nothing: every hour is recorded as delivered.
        ReplayTotals again = ReplayRunner.run(args(dir, "2030-01-01T00", hour.previous().toString(), "real"));
        assertThat(again.hours()).isZero();
        assertThat(again.events()).isZero();
    }

    @Test
    void createdTopicsKeepRecordsByTimeForeverAndBySizeAsAsked() throws Exception {
        Path dir = tmp.resolve("sized");
        HourFiles.write(dir, GhArchiveHour.parse("2022-06-01T00"), RealSample.values()[0].eventLines());
        ReplayTotals summary = ReplayRunner.run(args(dir, "2022-06-01T00", "2022-06-01T00", "sized",
                "--retention-bytes", "1073741824"));
        assertThat(summary.events()).isPositive();

        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, "sized");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()))) {
            Config config = admin.describeConfigs(List.of(topic)).all().get(30, TimeUnit.SECONDS).get(topic);
            assertThat(config.get(TopicConfig.RETENTION_MS_CONFIG).value()).isEqualTo("-1");
            assertThat(config.get(TopicConfig.RETENTION_BYTES_CONFIG).value()).isEqualTo("1073741824");
            assertThat(config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value())
                    .isEqualTo(Integer.toString(Topics.MAX_RECORD_BATCH_BYTES));
        }
        // Every 2022 record is still readable: no time bound applies to them.
        assertThat(ReplayRunner.read(broker.bootstrap(), "sized")).hasSize((int) summary.events());
    }

    @Test
    void theQuickwitBulkBodyFedRawYieldsItsEventsAndItsActionLinesInTheDlq() throws Exception {
        Path dir = tmp.resolve("bulk");
        GhArchiveHour hour = GhArchiveHour.parse("2031-01-01T00");
        HourFiles.write(dir, hour, RealSample.QUICKWIT_BULK.rawLines());
        ReplayTotals s = ReplayRunner.run(args(dir, hour.toString(), hour.toString(), "bulk"));
        assertThat(s.events()).isEqualTo(100);
        assertThat(s.dlq()).isEqualTo(100);
        assertThat(ReplayRunner.read(broker.bootstrap(), "bulk")).hasSize(100);
        List<ConsumerRecord<byte[], byte[]>> dlq = ReplayRunner.dlqOf(broker.bootstrap(), List.of(hour.fileName()));
        assertThat(dlq).hasSize(100).allSatisfy(r -> assertThat(header(r, Topics.HEADER_DLQ_REASON)).isEqualTo("missing_id"));
    }

    @Test
    void aFiveMegabyteEventIsDeliveredAndABiggerOneIsOversized() throws Exception {
        Path dir = tmp.resolve("big");
        GhArchiveHour hour = GhArchiveHour.parse("2032-01-01T00");
        byte[] fits = eventOfSize(1, Topics.MAX_EVENT_BYTES);
        byte[] tooBig = eventOfSize(2, Topics.MAX_EVENT_BYTES + 1);
        byte[] after = eventOfSize(3, 500);
        HourFiles.write(dir, hour, List.of(fits, tooBig, after));
        ReplayTotals s = ReplayRunner.run(args(dir, hour.toString(), hour.toString(), "big"));
        assertThat(s.events()).isEqualTo(2);
        assertThat(s.dlq()).isEqualTo(1);
        List<ConsumerRecord<byte[], byte[]>> records = ReplayRunner.read(broker.bootstrap(), "big");
        assertThat(records).extracting(r -> new String(r.key())).containsExactlyInAnyOrder("1", "3");
        assertThat(records.stream().filter(r -> new String(r.key()).equals("1")).findFirst().orElseThrow().value()).isEqualTo(fits);
        List<ConsumerRecord<byte[], byte[]>> dlq = ReplayRunner.dlqOf(broker.bootstrap(), List.of(hour.fileName()));
        assertThat(dlq).hasSize(1);
        assertThat(header(dlq.get(0), Topics.HEADER_DLQ_REASON)).isEqualTo("oversized");
        assertThat(header(dlq.get(0), Topics.HEADER_SOURCE_LINE)).isEqualTo("2");
        assertThat(header(dlq.get(0), Topics.HEADER_DLQ_DETAIL)).contains(Integer.toString(Topics.MAX_EVENT_BYTES + 1));
    }

    @Test
    void eachBadInputClassLandsInTheDlqWithItsReasonAndTheRestIsDelivered() throws Exception {
        Path dir = tmp.resolve("bad");
        GhArchiveHour lines = GhArchiveHour.parse("2033-01-01T00");
        byte[] invalidUtf8 = "{\"id\":\"9\",\"type\":\"X\",\"created_at\":\"2022-06-01T00:00:00Z\",\"m\":\"..\"}".getBytes();
        invalidUtf8[invalidUtf8.length - 4] = (byte) 0xff;
        List<byte[]> content = List.of(
                "{\"id\":\"1\",\"type\":\"PushEvent\",\"created_at\":\"2022-06-01T00:00:01Z\"}".getBytes(),
                "not json".getBytes(),
                "[1,2]".getBytes(),
                invalidUtf8,
                "{\"type\":\"X\",\"created_at\":\"2022-06-01T00:00:00Z\"}".getBytes(),
                "{\"id\":\"x1\",\"type\":\"X\",\"created_at\":\"2022-06-01T00:00:00Z\"}".getBytes(),
                "{\"id\":\"2\",\"created_at\":\"2022-06-01T00:00:00Z\"}".getBytes(),
                "{\"id\":\"3\",\"type\":\"\",\"created_at\":\"2022-06-01T00:00:00Z\"}".getBytes(),
                "{\"id\":\"4\",\"type\":\"X\"}".getBytes(),
                "{\"id\":\"5\",\"type\":\"X\",\"created_at\":\"June 1st\"}".getBytes(),
                "".getBytes(),
                "   ".getBytes(),
                "{\"id\":6,\"type\":\"WatchEvent\",\"created_at\":\"2022-06-01T00:00:02Z\"}".getBytes());
        Path file = HourFiles.write(dir, lines, content);
        // append a truncated last line (no newline): the archive's "file cut mid-event" defect
        byte[] cutLine = "{\"id\":\"7\",\"type\":\"PushEvent\",\"crea".getBytes();
        appendGzipMember(file, cutLine);

        GhArchiveHour truncatedGz = lines.next();
        byte[] goodGz = gzipOf(validLines(100, 1000));
        HourFiles.writeRaw(dir, truncatedGz, java.util.Arrays.copyOf(goodGz, goodGz.length * 2 / 3));
        GhArchiveHour corruptGz = truncatedGz.next();
        byte[] damaged = gzipOf(validLines(100, 2000));
        for (int i = damaged.length / 2; i < damaged.length / 2 + 40; i++) {
            damaged[i] ^= 0x33;
        }
        HourFiles.writeRaw(dir, corruptGz, damaged);
        GhArchiveHour notGzip = corruptGz.next(); // what a tool that saves a 404 body blindly would leave behind
        HourFiles.writeRaw(dir, notGzip, ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code>"
                + "<Message>The specified key does not exist.</Message></Error>").getBytes());

        ReplayRunner.Captured run = ReplayRunner.runCapturing(args(dir, lines.toString(), notGzip.toString(), "bad"));
        ReplayTotals s = run.summary();
        if (ReplayRunner.LIBDEFLATE_EXPECTED) { // none of these files is one whole member: all take the streaming path
            assertThat(run.stderr()).contains("gunzip: 0 of 4 gzip hour file(s) decoded whole by libdeflate");
        }
        List<ConsumerRecord<byte[], byte[]>> dlq = ReplayRunner.dlqOf(broker.bootstrap(),
                List.of(lines.fileName(), truncatedGz.fileName(), corruptGz.fileName(), notGzip.fileName()));
        Map<String, List<String>> reasonsByFile = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : dlq) {
            reasonsByFile.computeIfAbsent(header(r, Topics.HEADER_SOURCE_FILE), f -> new ArrayList<>()).add(header(r, Topics.HEADER_DLQ_REASON));
            assertThat(header(r, Topics.HEADER_DLQ_DETAIL)).isNotBlank();
        }
        assertThat(reasonsByFile.get(lines.fileName())).containsExactlyInAnyOrder("not_json", "not_object", "invalid_utf8",
                "missing_id", "bad_id", "missing_type", "bad_type", "missing_created_at", "bad_created_at", "truncated_line");
        assertThat(dlq.stream().filter(r -> "invalid_utf8".equals(header(r, Topics.HEADER_DLQ_REASON))).findFirst().orElseThrow().value())
                .isEqualTo(invalidUtf8); // raw bytes kept exactly
        assertThat(reasonsByFile.get(truncatedGz.fileName())).containsExactly("truncated_gzip");
        // Damaged deflate data may first decode into garbage lines (rejected line by line) before zlib notices.
        assertThat(reasonsByFile.get(corruptGz.fileName()).stream().filter(r -> r.endsWith("_gzip")).count()).isEqualTo(1);
        assertThat(reasonsByFile.get(notGzip.fileName())).containsExactly("corrupt_gzip");

        List<ConsumerRecord<byte[], byte[]>> events = ReplayRunner.read(broker.bootstrap(), "bad");
        Map<String, Long> perFile = new HashMap<>();
        events.forEach(r -> perFile.merge(header(r, Topics.HEADER_SOURCE_FILE), 1L, Long::sum));
        assertThat(perFile.get(lines.fileName())).isEqualTo(2);
        // everything complete before the damage is delivered, in order, nothing after it invented
        long beforeCut = perFile.get(truncatedGz.fileName());
        assertThat(beforeCut).isGreaterThan(0).isLessThan(100);
        Set<String> keys = new HashSet<>();
        events.stream().filter(r -> truncatedGz.fileName().equals(header(r, Topics.HEADER_SOURCE_FILE)))
                .forEach(r -> keys.add(new String(r.key())));
        for (long id = 1000; id < 1000 + beforeCut; id++) {
            assertThat(keys).contains(Long.toString(id));
        }
        assertThat(s.events()).isEqualTo(events.size());
        assertThat(s.dlq()).isEqualTo(dlq.size());
        assertThat(s.hours()).isEqualTo(4);
    }

    /**
     * Issue 16's hostile input: each class ends in the DLQ with its own reason or is delivered by a documented rule,
     * and the replay neither stops nor, restarted, stops again. Before the fix, the 1969 event alone made the replay
     * exit ("Invalid timestamp: -1000", Kafka's record constructor) on every start, and the junk between two gzip
     * members silently dropped the second member's 50 events.
     */
    @Test
    void hostileInputNeverStopsTheReplayAndEachClassEndsWhereTheRuleSays() throws Exception {
        Path dir = tmp.resolve("hostile");
        GhArchiveHour hour = GhArchiveHour.parse("2036-01-01T00");
        String at = "\"created_at\":\"2036-01-01T00:10:00Z\"";
        String markup = "<img src=x onerror=alert(1)>";
        List<byte[]> content = List.of(
                ("{\"id\":\"1\",\"type\":\"PushEvent\"," + at + "}").getBytes(),
                "{\"id\":\"2\",\"type\":\"PushEvent\",\"created_at\":\"1969-12-31T23:59:59Z\"}".getBytes(),
                "{\"id\":\"3\",\"type\":\"PushEvent\",\"created_at\":\"+10000-01-01T00:00:00Z\"}".getBytes(),
                "{\"id\":\"4\",\"type\":\"PushEvent\",\"created_at\":\"2011-02-12T00:00:00Z\"}".getBytes(), // far from its file's hour
                ("{\"id\":\"5\",\"type\":\"PushEvent\"," + at + ",\"v\":1}").getBytes(),
                ("{\"id\":\"5\",\"type\":\"WatchEvent\"," + at + ",\"v\":2}").getBytes(), // same id, other content
                ("{\"id\":\"7\",\"type\":\"" + "T".repeat(65) + "\"," + at + "}").getBytes(),
                ("{\"id\":\"8\",\"type\":\"" + markup + "\"," + at + "}").getBytes(),
                ("{\"id\":\"9\",\"type\":\"PushEvent\"," + at + ",\"actor\":{\"login\":\"" + "a".repeat(513) + "\"}}").getBytes(),
                ("{\"id\":\"10\",\"type\":\"PushEvent\"," + at + ",\"p\":" + "[".repeat(1001) + "]".repeat(1001) + "}").getBytes(),
                ("{\"id\":\"11\",\"type\":\"PushEvent\"," + at + ",\"p\":" + "{\"a\":".repeat(100_000)).getBytes(),
                ("{\"id\":\"12\",\"type\":\"PushEvent\"," + at + "}").getBytes());
        HourFiles.write(dir, hour, content);
        GhArchiveHour junkHour = hour.next();
        java.io.ByteArrayOutputStream junkFile = new java.io.ByteArrayOutputStream();
        junkFile.writeBytes(gzipOf(validLines(50, 100)));
        junkFile.writeBytes("<html><body>502 Bad Gateway</body></html>\n".getBytes());
        junkFile.writeBytes(gzipOf(validLines(50, 150)));
        HourFiles.writeRaw(dir, junkHour, junkFile.toByteArray());
        String[] args = args(dir, hour.toString(), junkHour.toString(), "hostile");

        ReplayTotals s = ReplayRunner.run(args);

        Map<String, String> reasonByLine = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : ReplayRunner.dlqOf(broker.bootstrap(), List.of(hour.fileName(), junkHour.fileName()))) {
            reasonByLine.put((hour.fileName().equals(header(r, Topics.HEADER_SOURCE_FILE)) ? "h0:" : "h1:") + header(r, Topics.HEADER_SOURCE_LINE),
                    header(r, Topics.HEADER_DLQ_REASON));
        }
        assertThat(reasonByLine).containsExactlyInAnyOrderEntriesOf(Map.of(
                "h0:2", "created_at_out_of_range", "h0:3", "created_at_out_of_range", "h0:7", "type_too_long",
                "h0:9", "name_too_long", "h0:10", "too_deeply_nested", "h0:11", "too_deeply_nested",
                "h1:51", "gzip_junk"));
        List<ConsumerRecord<byte[], byte[]>> events = ReplayRunner.read(broker.bootstrap(), "hostile");
        Map<String, List<ConsumerRecord<byte[], byte[]>>> byKey = new HashMap<>();
        events.forEach(r -> byKey.computeIfAbsent(new String(r.key()), k -> new ArrayList<>()).add(r));
        // Far from its hour: delivered, with created_at as its timestamp (the stream routes it by created_at).
        assertThat(byKey.get("4")).singleElement().satisfies(r ->
                assertThat(r.timestamp()).isEqualTo(Instant.parse("2011-02-12T00:00:00Z").toEpochMilli()));
        // Same id, other content: both delivered in file order; the stream keeps the first (docs/producer.md).
        assertThat(byKey.get("5")).extracting(r -> header(r, Topics.HEADER_SOURCE_LINE)).containsExactly("5", "6");
        assertThat(byKey.get("8")).singleElement().satisfies(r -> assertThat(header(r, Topics.HEADER_TYPE)).isEqualTo(markup));
        for (long id = 100; id < 200; id++) { // nothing after the junk is lost
            assertThat(byKey).containsKey(Long.toString(id));
        }
        assertThat(events).hasSize(6 + 100); // ids 1, 4, 5 (twice), 8, 12 and the junk hour's 100
        assertThat(s.events()).isEqualTo(106);
        assertThat(s.dlq()).isEqualTo(7);
        assertThat(s.hours()).isEqualTo(2);

        ReplayTotals again = ReplayRunner.run(args); // a restart does not meet (or die on) these hours again
        assertThat(again.hours()).isZero();
        assertThat(again.events()).isZero();
    }

    @Test
    void eventsTheBrokerRefusesGoToTheDlqAndEveryOtherEventIsDeliveredOnce() throws Exception {
        // A topic that exists already, with limits of its own: 100 KB records, timestamps at most 10 years old.
        String topic = "refusing";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrap()))) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 3, (short) 1).configs(Map.of(
                    TopicConfig.MAX_MESSAGE_BYTES_CONFIG, "100000",
                    TopicConfig.MESSAGE_TIMESTAMP_BEFORE_MAX_MS_CONFIG, Long.toString(3650L * 24 * 3600 * 1000)))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        byte[] random = new byte[225_000];
        new java.util.Random(1).nextBytes(random);
        byte[] tooBigForTheTopic = ("{\"id\":\"5001\",\"type\":\"PushEvent\",\"created_at\":\"2022-06-01T00:00:00Z\",\"payload\":{\"blob\":\""
                + java.util.Base64.getEncoder().encodeToString(random) + "\"}}").getBytes(); // ~300 KB, lz4 cannot shrink it enough
        byte[] tooOldForTheTopic = "{\"id\":\"5002\",\"type\":\"WatchEvent\",\"created_at\":\"2001-01-01T00:00:00Z\"}".getBytes();
        List<byte[]> content = new ArrayList<>(validLines(100, 1));
        content.add(tooBigForTheTopic); // line 101
        content.addAll(validLines(100, 101));
        content.add(tooOldForTheTopic); // line 202
        content.addAll(validLines(100, 201));
        Path dir = tmp.resolve("refusing");
        GhArchiveHour hour = GhArchiveHour.parse("2035-01-01T00");
        HourFiles.write(dir, hour, content);

        ReplayRunner.Captured run = ReplayRunner.runCapturing(args(dir, hour.toString(), hour.toString(), topic));
        ReplayTotals s = run.summary();

        assertThat(run.stderr()).contains("accepts records up to 100,000 bytes")
                .contains("line 202: refused by the broker")
                .containsPattern("replay: [1-9][0-9]* event\\(s\\) shared a batch with an event the broker refused");
        assertThat(s.events()).isEqualTo(300);
        assertThat(s.dlq()).isEqualTo(2);
        List<ConsumerRecord<byte[], byte[]>> events = ReplayRunner.read(broker.bootstrap(), topic);
        Set<String> keys = new HashSet<>();
        events.forEach(r -> keys.add(new String(r.key())));
        assertThat(events).hasSize(300); // the records that only shared a refused batch were sent again, once
        for (long id = 1; id <= 300; id++) {
            assertThat(keys).contains(Long.toString(id));
        }
        Map<String, ConsumerRecord<byte[], byte[]>> dlqByLine = new HashMap<>();
        ReplayRunner.dlqOf(broker.bootstrap(), List.of(hour.fileName()))
                .forEach(r -> dlqByLine.put(header(r, Topics.HEADER_SOURCE_LINE), r));
        assertThat(dlqByLine).containsOnlyKeys("101", "202");
        // Too big for this topic: known before sending, from the topic's own limit.
        assertThat(dlqByLine.get("101").value()).isEqualTo(tooBigForTheTopic);
        assertThat(header(dlqByLine.get("101"), Topics.HEADER_DLQ_REASON)).isEqualTo("oversized");
        assertThat(header(dlqByLine.get("101"), Topics.HEADER_DLQ_DETAIL)).contains("max.message.bytes 100000");
        // Too old for this topic: only the broker knows; the records that shared its batch are sent again.
        assertThat(dlqByLine.get("202").value()).isEqualTo(tooOldForTheTopic);
        assertThat(header(dlqByLine.get("202"), Topics.HEADER_DLQ_REASON)).isEqualTo("refused_by_broker");
        assertThat(header(dlqByLine.get("202"), Topics.HEADER_DLQ_DETAIL)).startsWith("refused by the broker: ");
        HourEndMarker marker = ReplayRunner.markersFor(broker.bootstrap(), topic).stream()
                .filter(m -> m.hour().equals(hour.toString())).findFirst().orElseThrow();
        assertThat(marker.events()).isEqualTo(300);
        assertThat(marker.dlq()).isEqualTo(2);
        assertThat(marker.endOffsets().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(300);
    }

    /** Each record's value by its source file and line, as text, to compare two replays of the same files. */
    private static Map<String, String> valuesBySourceLine(List<ConsumerRecord<byte[], byte[]>> records) {
        Map<String, String> out = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String where = header(r, Topics.HEADER_SOURCE_FILE) + ":" + header(r, Topics.HEADER_SOURCE_LINE);
            assertThat(out.put(where, new String(r.value(), java.nio.charset.StandardCharsets.UTF_8))).as(where).isNull();
        }
        return out;
    }

    private static List<byte[]> validLines(int n, long firstId) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(eventOfSize(firstId + i, 300 + (int) ((i * 7919L) % 700)));
        }
        return out;
    }

    private static byte[] gzipOf(List<byte[]> lines) throws IOException {
        java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(bos)) {
            for (byte[] l : lines) {
                gz.write(l);
                gz.write('\n');
            }
        }
        return bos.toByteArray();
    }

    /** Appends a second gzip member holding {@code bytes} (no newline); GH Archive readers handle concatenated members. */
    private static void appendGzipMember(Path file, byte[] bytes) throws IOException {
        java.io.ByteArrayOutputStream bos = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gz = new java.util.zip.GZIPOutputStream(bos)) {
            gz.write(bytes);
        }
        Files.write(file, bos.toByteArray(), java.nio.file.StandardOpenOption.APPEND);
    }

    /** A valid event line of exactly {@code size} bytes (padding in a payload string). */
    static byte[] eventOfSize(long id, int size) {
        String head = "{\"id\":\"" + id + "\",\"type\":\"PushEvent\",\"created_at\":\"2022-06-01T00:00:00Z\",\"payload\":{\"pad\":\"";
        String tail = "\"}}";
        return (head + "a".repeat(size - head.length() - tail.length()) + tail).getBytes();
    }
}
