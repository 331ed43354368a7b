package io.ghactivity.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replay state's follow-mode gaps survive a restart, and a follow without --from keeps one state. */
class ReplayStateTest {
    @TempDir
    Path dir;

    @Test
    void gapsAreKeptUntilFoundOrGivenUpAndATornLineIsIgnored() throws Exception {
        GhArchiveHour a = GhArchiveHour.parse("2024-01-01T03");
        GhArchiveHour b = a.next();
        GhArchiveHour c = b.next();
        ReplayState first = new ReplayState(dir);
        first.markOverdue(a);
        first.markOverdue(b);
        first.markOverdue(c);
        first.markOverdue(c); // recorded once
        first.markDelivered(a); // found
        first.resolveGap(b, false); // given up
        Files.writeString(dir.resolve("follow-gaps"), "overdue 2024-01-0", java.nio.file.StandardOpenOption.APPEND);

        ReplayState restarted = new ReplayState(dir);
        assertThat(restarted.overdue()).containsExactly(c);
        assertThat(restarted.isDelivered(a)).isTrue();
        assertThat(restarted.lastDelivered()).contains(a);
        assertThat(Files.readAllLines(dir.resolve("follow-gaps"))).startsWith("overdue " + a, "overdue " + b,
                "overdue " + c, "found " + a, "missing " + b);
    }

    @Test
    void aFollowWithoutFromKeepsOneStateWhateverTheHourItStarts() {
        ReplayConfig follow = config("--follow");
        ReplayConfig fromHour = config("--follow", "--from", "2024-01-01T00");
        assertThat(follow.resumeFollow()).isTrue();
        assertThat(fromHour.resumeFollow()).isFalse();
        assertThat(follow.stateDir()).isEqualTo(ReplayState.defaultDir(follow.source().describe(),
                "follow", "follow", "gharchive.events", "127.0.0.1:9092"));
        assertThat(fromHour.stateDir()).isNotEqualTo(follow.stateDir());
        assertThat(follow.missingRetryFor()).isEqualTo(ReplayConfig.DEFAULT_MISSING_RETRY_FOR);
    }

    private static ReplayConfig config(String... args) {
        ReplayCommand cmd = new ReplayCommand();
        Cli.commandLine(cmd).parseArgs(args);
        return cmd.config();
    }
}
