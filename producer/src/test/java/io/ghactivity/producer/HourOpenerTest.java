package io.ghactivity.producer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.producer.gunzip.HourInflater;
import io.ghactivity.producer.gunzip.Libdeflate;
import io.ghactivity.producer.source.DirSource;
import io.ghactivity.producer.source.HourInput;
import io.ghactivity.testsupport.HourFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replay's hour opening on real files in a directory: what is decoded ahead, what streams, what is looked for again. */
class HourOpenerTest {
    private static final GhArchiveHour H0 = GhArchiveHour.parse("2022-06-01T00");

    @TempDir
    Path dir;
    private Libdeflate lib;

    @BeforeEach
    void setUp() {
        assumeTrue(Libdeflate.supportedJava(), "libdeflate is reached through the foreign-function API of Java 17 or 22+");
        lib = Libdeflate.load().orElseThrow(() -> new AssertionError("libdeflate unavailable: "
                + Libdeflate.unavailableReason().orElse("?") + " (run scripts/ensure-test-deps.sh)"));
    }

    @Test
    void theHourOpenedNowStreamsAndTheHourOpenedAheadIsDecoded() throws Exception {
        write(H0, "a");
        write(H0.next(), "b");
        try (HourOpener opener = new HourOpener(new DirSource(dir), new HourInflater(lib), false)) {
            HourInput now = opener.open(H0).orElseThrow();
            opener.openAhead(H0.next());
            assertThat(now.gzip()).as("no pipeline stall for the first hour").isTrue();
            assertThat(text(gunzipped(now))).isEqualTo("a\n");
            HourInput ahead = opener.open(H0.next()).orElseThrow();
            assertThat(ahead.gzip()).as("decoded in the background").isFalse();
            assertThat(text(ahead)).isEqualTo("b\n");
            assertThat(opener.gunzipSummary()).hasValueSatisfying(s -> assertThat(s).startsWith("gunzip: 1 of 2 gzip hour file(s)"));
        }
    }

    @Test
    void anAbsentHourOpenedAheadIsLookedForAgainOnlyInFollowMode() throws Exception {
        for (boolean follow : new boolean[] {true, false}) {
            Path d = dir.resolve("follow-" + follow);
            try (HourOpener opener = new HourOpener(new DirSource(d), new HourInflater(lib), follow)) {
                opener.openAhead(H0);
                while (!opener.aheadDone()) {
                    Thread.sleep(5); // the open-ahead looks before the file exists
                }
                write(d, H0, "late");
                Optional<HourInput> got = opener.open(H0);
                if (follow) {
                    assertThat(got).as("published since it was looked for").isPresent();
                    got.get().in().close();
                } else {
                    assertThat(got).as("a bounded replay reports it missing, as one look found it").isEmpty();
                }
            }
        }
    }

    @Test
    void anOpenAheadForAnotherHourIsDiscardedAndItsBufferFreed() throws Exception {
        for (int i = 0; i < 4; i++) {
            write(hour(i), "h" + i);
        }
        HourInflater inflater = new HourInflater(lib);
        try (HourOpener opener = new HourOpener(new DirSource(dir), inflater, false)) {
            opener.openAhead(hour(1));
            opener.open(hour(2)).orElseThrow().in().close(); // not the hour opened ahead
            // both buffers are free again: two hours decoded ahead can be held at once without blocking
            opener.openAhead(hour(1));
            HourInput first = opener.open(hour(1)).orElseThrow();
            opener.openAhead(hour(3));
            HourInput second = opener.open(hour(3)).orElseThrow();
            assertThat(List.of(text(first), text(second))).containsExactly("h1\n", "h3\n");
        }
        assertThat(inflater.nativeBytes()).as("freed when the opener closes with every hour read").isZero();
    }

    private static GhArchiveHour hour(int after) {
        GhArchiveHour h = H0;
        for (int i = 0; i < after; i++) {
            h = h.next();
        }
        return h;
    }

    private void write(GhArchiveHour hour, String line) throws IOException {
        write(dir, hour, line);
    }

    private static void write(Path d, GhArchiveHour hour, String line) throws IOException {
        HourFiles.write(d, hour, List.of(line.getBytes(StandardCharsets.UTF_8)));
    }

    private static HourInput gunzipped(HourInput input) throws IOException {
        return new HourInput(input.fileName(), new java.util.zip.GZIPInputStream(input.in()), false);
    }

    private static String text(HourInput input) throws IOException {
        try (InputStream in = input.in()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
