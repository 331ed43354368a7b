package io.ghactivity.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The real GitHub event samples in {@code ../shared/data/real} (see its PROVENANCE.md), each read from its own
 * format into GH Archive lines: one event JSON object per line, exactly as bytes where the sample already is in that
 * format, re-serialised compactly (same content, no whitespace) where the sample is an API array or a recording.
 */
public enum RealSample {
    /** A complete, unmodified GH Archive hour: 8,273 events. */
    HONEYPOT_2015_01_01_12("honeypotio-githubarchive/2015-01-01-12.json.gz", Format.GZIP_LINES, 8273),
    /** First 200 lines of each of four 2021 hours: 800 events, all 15 June-2022 types. */
    PINOT_2021_07_21("pinot/2021-07-21-few-hours.json", Format.LINES, 800),
    /** 100 events as an Elasticsearch bulk body: an action line before each event (that line is not an event). */
    QUICKWIT_BULK("quickwit/gharchive-bulk.json.gz", Format.GZIP_BULK, 100),
    SIMDJSON("simdjson/github_events.json", Format.JSON_ARRAY, 30),
    PIOTRMURACH_PUBLIC("piotrmurach-github/public.json", Format.VCR_CASSETTE, 30),
    PIOTRMURACH_ORG("piotrmurach-github/org.json", Format.VCR_CASSETTE, 30),
    PYGITHUB_EVENTS("pygithub/Github.testGetEvents.txt", Format.PYGITHUB_REPLAY, 30),
    PYGITHUB_REPO_EVENTS("pygithub/Repository.testGetEvents.txt", Format.PYGITHUB_REPLAY, 30),
    GHMAP_JULIA("ghmap/sample-events.json", Format.JSON_ARRAY, 100);

    enum Format { GZIP_LINES, LINES, GZIP_BULK, JSON_ARRAY, VCR_CASSETTE, PYGITHUB_REPLAY }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String relativePath;
    private final Format format;
    private final int eventCount;

    RealSample(String relativePath, Format format, int eventCount) {
        this.relativePath = relativePath;
        this.format = format;
        this.eventCount = eventCount;
    }

    public Path path() {
        return ProjectPaths.realSamples().resolve(relativePath);
    }

    /** The event count PROVENANCE.md states; tests compare it with their own independent count. */
    public int documentedEventCount() {
        return eventCount;
    }

    /** The events as GH Archive lines (no line terminators), in file order. Bulk action lines are dropped. */
    public List<byte[]> eventLines() {
        try {
            return switch (format) {
                case GZIP_LINES -> splitLines(gunzip(path()));
                case LINES -> splitLines(Files.readAllBytes(path()));
                case GZIP_BULK -> withoutBulkActions(splitLines(gunzip(path())));
                case JSON_ARRAY -> arrayElements(JSON.readTree(path().toFile()));
                case VCR_CASSETTE -> arrayElements(JSON.readTree(Base64.getMimeDecoder().decode(
                        JSON.readTree(path().toFile()).path("http_interactions").path(0)
                                .path("response").path("body").path("base64_string").asText())));
                case PYGITHUB_REPLAY -> arrayElements(JSON.readTree(Files.readAllLines(path(), StandardCharsets.UTF_8).get(9)));
            };
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read real sample " + path(), e);
        }
    }

    /** The sample's raw lines as a GH Archive hour file would hold them, bulk action lines included. */
    public List<byte[]> rawLines() {
        try {
            return switch (format) {
                case GZIP_LINES, GZIP_BULK -> splitLines(gunzip(path()));
                case LINES -> splitLines(Files.readAllBytes(path()));
                default -> eventLines();
            };
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gunzip(Path p) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(p), 1 << 16)) {
            return in.readAllBytes();
        }
    }

    /** Splits on '\n' (dropping a '\r' before it), skipping empty lines, exactly as bytes. */
    static List<byte[]> splitLines(byte[] all) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= all.length; i++) {
            if (i == all.length || all[i] == '\n') {
                int end = i > start && all[i - 1] == '\r' ? i - 1 : i;
                if (end > start) {
                    byte[] line = new byte[end - start];
                    System.arraycopy(all, start, line, 0, line.length);
                    lines.add(line);
                }
                start = i + 1;
            }
        }
        return lines;
    }

    private static List<byte[]> withoutBulkActions(List<byte[]> lines) {
        List<byte[]> events = new ArrayList<>();
        for (byte[] line : lines) {
            if (!new String(line, 0, Math.min(line.length, 12), StandardCharsets.UTF_8).startsWith("{\"index\"")) {
                events.add(line);
            }
        }
        return events;
    }

    private static List<byte[]> arrayElements(JsonNode array) throws IOException {
        if (!array.isArray()) {
            throw new IOException("expected a JSON array of events");
        }
        List<byte[]> lines = new ArrayList<>();
        for (JsonNode event : array) {
            lines.add(JSON.writeValueAsBytes(event));
        }
        return lines;
    }
}
