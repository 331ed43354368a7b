package io.ghactivity.testsupport;

import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.HourManifest;
import io.ghactivity.contracts.LakeLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a contract-conformant lake from real samples, for tests that are not Java (the Airflow DAG tests).
 *
 * <p>Inputs: an output directory and one or more {@link RealSample} names. Output: the lake under that directory
 * ({@link LakeFixture}: Parquet per hour plus a completion manifest per hour, 2 files per hour) and, on stdout, one
 * line per hour: {@code HOUR ROWS MANIFEST_PATH}. Exit 0 on success, 2 on bad arguments, 1 on a write error.
 *
 * <pre>java -Dgh.root=. -cp "test-support/target/test-support.jar:test-support/target/lib/*" \
 *     io.ghactivity.testsupport.LakeFixtureMain /tmp/lake PINOT_2021_07_21 HONEYPOT_2015_01_01_12</pre>
 */
public final class LakeFixtureMain {
    private static final int FILES_PER_HOUR = 2;

    private LakeFixtureMain() {
    }

    public static void main(String[] args) {
        if (args.length < 2 || args[0].equals("--help")) {
            System.err.println("usage: LakeFixtureMain <outDir> <RealSample>...   samples: " + List.of(RealSample.values()));
            System.exit(args.length > 0 && args[0].equals("--help") ? 0 : 2);
        }
        Path root = Path.of(args[0]).toAbsolutePath();
        List<byte[]> lines = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            try {
                lines.addAll(RealSample.valueOf(args[i]).eventLines());
            } catch (IllegalArgumentException e) {
                System.err.println("LakeFixtureMain: unknown sample '" + args[i] + "'; known: " + List.of(RealSample.values()));
                System.exit(2);
            }
        }
        try {
            Map<GhArchiveHour, HourManifest> manifests = LakeFixture.write(root, lines, FILES_PER_HOUR);
            LakeLayout layout = new LakeLayout(root.toString());
            manifests.forEach((hour, m) -> System.out.println(hour + " " + m.rows() + " " + layout.manifest(hour)));
        } catch (Exception e) {
            System.err.println("LakeFixtureMain: cannot write the lake at " + root + ": " + e.getMessage());
            System.exit(1);
        }
    }
}
