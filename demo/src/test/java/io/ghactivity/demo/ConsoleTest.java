package io.ghactivity.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private String out() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void onATerminalTheProgressLineIsRewrittenInPlaceAndSentencesGoAboveIt() {
        Console c = new Console(new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        c.progress("loaded 1/4 hours · 200 events");
        c.progress("loaded 2/4 hours · 400 events · 100 events/s · ETA 4 s");
        c.say("the stream stopped (killed: exit 137); restarted it");
        c.endProgress();
        assertThat(out()).isEqualTo("\r\033[Kloaded 1/4 hours · 200 events"
                + "\r\033[Kloaded 2/4 hours · 400 events · 100 events/s · ETA 4 s"
                + "\r\033[Kdemo: the stream stopped (killed: exit 137); restarted it\nloaded 2/4 hours · 400 events · 100 events/s · ETA 4 s"
                + "\n");
    }

    @Test
    void pipedItPrintsPlainLinesOnlyWhenTheWorkDoneChanges() {
        Console c = new Console(new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        c.progress("loaded 1/4 hours · 200 events");
        c.progress("loaded 1/4 hours · 200 events · 50 events/s · ETA 12 s");
        c.progress("loaded 2/4 hours · 400 events · 100 events/s · ETA 4 s");
        c.say("done");
        assertThat(out()).doesNotContain("\r").doesNotContain("\033")
                .isEqualTo("demo: loaded 1/4 hours · 200 events\ndemo: loaded 2/4 hours · 400 events · 100 events/s · ETA 4 s\ndemo: done\n");
    }

    @Test
    void theProgressLineShowsRateAndEtaOnceMeasurable() {
        assertThat(LocalStack.progressLine(0, 720, 0, 0, 0, 0.5)).isEqualTo("loaded 0/720 hours · 0 events");
        assertThat(LocalStack.progressLine(120, 720, 16_000, 120, 16_000, 60))
                .isEqualTo("loaded 120/720 hours · 16,000 events · 267 events/s · ETA 5 min 0 s");
        assertThat(LocalStack.progressLine(720, 720, 96_333, 720, 96_333, 180))
                .isEqualTo("loaded 720/720 hours · 96,333 events · 535 events/s");
    }
}
