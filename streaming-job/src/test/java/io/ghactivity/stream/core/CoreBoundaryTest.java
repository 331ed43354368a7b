package io.ghactivity.stream.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghactivity.stream.StreamCommand;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The core's boundary, checked on the compiled classes: no class of {@code core} refers to Spark or Scala, so the
 * core runs and is tested without a SparkSession and does not move when Spark's internals do. The class files are
 * read rather than the sources so that a fully qualified name written inline, or a Spark type in a signature,
 * counts too.
 */
class CoreBoundaryTest {
    private static final List<String> FORBIDDEN = List.of("org/apache/spark/", "scala/");

    @Test
    void noCoreClassRefersToSparkOrScala() throws IOException, URISyntaxException {
        Path core = classesDir().resolve("io/ghactivity/stream/core");
        List<Path> classes;
        try (Stream<Path> files = Files.list(core)) {
            classes = files.filter(f -> f.toString().endsWith(".class")).toList();
        }
        assertThat(classes).as("compiled core classes").hasSizeGreaterThan(20);
        for (Path c : classes) {
            assertThat(referencesIn(c)).as("Spark or Scala references in %s", c.getFileName()).isEmpty();
        }
    }

    @Test
    void theCheckSeesAReferenceWhereOneExists() throws IOException, URISyntaxException {
        Path adapter = classesDir().resolve("io/ghactivity/stream/spark/StreamJob.class");
        assertThat(referencesIn(adapter)).as("the adapter's StreamJob refers to Spark").contains("org/apache/spark/");
    }

    /** The forbidden prefixes that occur in the class file's constant pool (names are stored as modified UTF-8). */
    private static List<String> referencesIn(Path classFile) throws IOException {
        String bytes = new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1);
        return FORBIDDEN.stream().filter(bytes::contains).toList();
    }

    private static Path classesDir() throws URISyntaxException {
        return Path.of(StreamCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
