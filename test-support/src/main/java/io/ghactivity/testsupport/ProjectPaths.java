package io.ghactivity.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the project root (set by Maven as {@code gh.root}) and the shared data beside it. */
public final class ProjectPaths {
    private ProjectPaths() {
    }

    public static Path root() {
        String fromMaven = System.getProperty("gh.root");
        if (fromMaven != null && !fromMaven.isBlank()) {
            return Path.of(fromMaven).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("conf/java17.args")) && Files.exists(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the gh-activity project root (run tests through Maven or from inside the project)");
    }

    /** {@code ../shared/data/real} — the real GitHub event samples, read in place. */
    public static Path realSamples() {
        Path p = root().resolve("../shared/data/real").normalize();
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("real samples not found at " + p + ": the project expects ../shared beside it");
        }
        return p;
    }

    /** {@code ../shared/data/reference}. */
    public static Path reference() {
        return root().resolve("../shared/data/reference").normalize();
    }
}
