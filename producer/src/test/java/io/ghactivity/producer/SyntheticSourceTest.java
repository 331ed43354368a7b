package io.ghactivity.producer;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghactivity.contracts.EventValidator;
import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.Verdict;
import io.ghactivity.contracts.synthetic.SyntheticModel;
import io.ghactivity.producer.source.SyntheticSource;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SyntheticSourceTest {
    private final EventValidator validator = new EventValidator();

    private static byte[] hour(long seed, double scale, String hour) throws IOException {
        return new SyntheticSource(seed, scale).stream(GhArchiveHour.parse(hour)).readAllBytes();
    }

    @Test
    void sameSeedSameBytesOtherSeedOtherBytes() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] a = sha.digest(hour(5, 0.005, "2022-06-03T10"));
        byte[] b = sha.digest(hour(5, 0.005, "2022-06-03T10"));
        byte[] c = sha.digest(hour(6, 0.005, "2022-06-03T10"));
        assertThat(a).isEqualTo(b).isNotEqualTo(c);
    }

    @Test
    void everyLineIsAValidEventAndTheTypesMatchTheModelExactly() throws IOException {
        GhArchiveHour h = GhArchiveHour.parse("2022-06-01T03"); // the June 1 burst of PR and Create events
        SyntheticModel model = new SyntheticModel(3, 0.01);
        byte[] all = hour(3, 0.01, h.toString());
        Map<String, Long> types = new HashMap<>();
        int start = 0;
        long lines = 0;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == '\n') {
                Verdict v = validator.validate(all, start, i - start);
                assertThat(v.isValid()).as("line %d: %s", lines + 1, v).isTrue();
                assertThat(h.contains(v.event().createdAt())).isTrue();
                types.merge(v.event().type(), 1L, Long::sum);
                lines++;
                start = i + 1;
            }
        }
        assertThat(lines).isEqualTo(model.hourTotal(h));
        Map<String, Long> want = new HashMap<>(model.typeCounts(h));
        want.values().removeIf(n -> n == 0);
        assertThat(types).isEqualTo(want);
    }

    @Test
    void meanEventSizeOverTheMonthIsAbout2022s4Point5Kb() throws IOException {
        long bytes = 0;
        long events = 0;
        for (int day = 1; day <= 30; day += 3) {
            byte[] all = hour(1, 0.002, String.format("2022-06-%02dT%02d", day, (day * 5) % 24));
            bytes += all.length;
            for (byte b : all) {
                if (b == '\n') {
                    events++;
                }
            }
        }
        assertThat(bytes / events).isBetween(4000L, 5000L);
    }
}
