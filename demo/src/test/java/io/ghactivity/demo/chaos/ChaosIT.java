package io.ghactivity.demo.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The chaos suite: {@code chaos.trials} trials (default 2, for {@code make test}; {@code make chaos} runs 20), each
 * killing one random part of the demo at a random moment ({@link ChaosTrial}). Every trial prints its seed; to replay
 * one, {@code make chaos SEED=<seed>} (or {@code -Dchaos.seed=<seed>}; a comma-separated list runs several) runs
 * exactly that trial.
 */
class ChaosIT {

    @Test
    void everyTrialEndsWithTheWarehouseEqualToAnIndependentRecount() throws Exception {
        Files.createDirectories(Path.of("target"));
        Path tmp = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "chaos-");
        Path input = tmp.resolve("hours");
        ChaosInput.write(input);
        ChaosInput.Expected expected = ChaosInput.recount(input);
        assertThat(expected.events()).as("the input's unique valid events").isGreaterThan(800);
        assertThat(expected.badLines()).isEqualTo(6);

        List<Long> seeds = new ArrayList<>();
        String fixed = System.getProperty("chaos.seed", "");
        if (!fixed.isBlank()) {
            for (String one : fixed.split(",")) {
                seeds.add(Long.parseLong(one.trim()));
            }
        } else {
            Random r = new Random();
            int trials = Integer.getInteger("chaos.trials", 2);
            for (int i = 0; i < trials; i++) {
                seeds.add(r.nextLong() & Long.MAX_VALUE);
            }
        }
        ChaosTrial.say(seeds.size() + " trials over " + expected.events() + " events in " + expected.hours().size()
                + " hours (+ " + expected.badLines() + " bad lines, duplicates, one missing hour); seeds " + seeds);
        List<String> failures = new ArrayList<>();
        List<ChaosTrial.Outcome> passed = new ArrayList<>();
        for (int i = 0; i < seeds.size(); i++) {
            long seed = seeds.get(i);
            Path dir = Files.createDirectories(tmp.resolve("trial-" + i + "-" + seed));
            try {
                ChaosTrial.Outcome o = new ChaosTrial(seed, input, expected, dir).run();
                passed.add(o);
                ChaosTrial.say("PASS " + (i + 1) + "/" + seeds.size() + " " + o);
            } catch (AssertionError | Exception e) {
                failures.add("seed " + seed + ": " + e.getMessage());
                ChaosTrial.say("FAIL " + (i + 1) + "/" + seeds.size() + " seed=" + seed + ": " + e.getMessage());
            }
        }
        long killed = passed.stream().filter(o -> o.fault().startsWith("killed")).count();
        ChaosTrial.say(passed.size() + "/" + seeds.size() + " trials passed (" + killed + " of them with a kill -9 that"
                + " landed while its victim ran; the others' moment came after the victim had finished)"
                + (failures.isEmpty() ? "" : "; replay a failure with make chaos SEED=<seed>"));
        assertThat(failures).as("failed trials").isEmpty();
    }
}
