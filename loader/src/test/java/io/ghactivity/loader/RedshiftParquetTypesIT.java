package io.ghactivity.loader;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghactivity.contracts.HourManifest;
import io.ghactivity.contracts.LakeSchema;
import io.ghactivity.testsupport.LakeFixture;
import io.ghactivity.testsupport.RealSample;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Redshift's COPY will read, checked against the lake's real Parquet: the physical and logical type and codec of
 * every column of a lake file (written by test-support's LakeFixture with the stream's settings: zstd,
 * TIMESTAMP_MICROS UTC), read back with DuckDB's {@code parquet_schema}/{@code parquet_metadata}, must be a documented
 * Parquet→Redshift pair in {@code redshift-parquet-copy-types.tsv}, and the staging DDL must give each column that
 * pair's Redshift type, in file order (COPY maps by position). No Redshift is reachable here: this proves the lake
 * matches the documented rules, not Redshift's implementation of them.
 */
class RedshiftParquetTypesIT {
    @TempDir
    Path tmp;

    record Rule(String physical, String logical, String redshiftType, String source) {
    }

    @Test
    void everyLakeColumnIsADocumentedParquetPairAndStagesAsThatPairsRedshiftType() throws Exception {
        HourManifest m = LakeFixture.write(tmp, RealSample.GHMAP_JULIA.eventLines(), 1).values().iterator().next();
        String file = m.files().get(0).path();
        Map<String, String[]> parquet = parquetColumns(file);
        List<Rule> rules = rules();

        assertThat(List.copyOf(parquet.keySet())).as("file columns in order = LakeSchema = staging order")
                .isEqualTo(LakeSchema.COLUMNS.stream().map(LakeSchema.Column::name).toList());

        Map<String, String> staging = stagingTypes(RedshiftDialect.redshift());
        assertThat(List.copyOf(staging.keySet())).isEqualTo(List.copyOf(parquet.keySet()));
        for (Map.Entry<String, String[]> e : parquet.entrySet()) {
            String column = e.getKey();
            String physical = e.getValue()[0];
            String logical = e.getValue()[1];
            List<String> documented = rules.stream().filter(r -> r.physical().equals(physical) && r.logical().equals(logical))
                    .map(Rule::redshiftType).toList();
            assertThat(documented).as("documented Redshift types for %s (%s, %s)", column, physical, logical).isNotEmpty();
            assertThat(documented).as("staging type of %s", column).contains(staging.get(column));
        }
        assertThat(staging.get("payload")).isEqualTo("SUPER");
        assertThat(RedshiftCopy.copyStatement("s3://b/m", "default")).contains("SERIALIZETOJSON");
    }

    @Test
    void everyColumnChunkIsZstdTheLakesCodec() throws Exception {
        HourManifest m = LakeFixture.write(tmp, RealSample.GHMAP_JULIA.eventLines(), 1).values().iterator().next();
        Set<String> codecs = new TreeSet<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT DISTINCT compression FROM parquet_metadata('" + sql(m.files().get(0).path()) + "')")) {
            while (rs.next()) {
                codecs.add(rs.getString(1));
            }
        }
        // Redshift reads Parquet through Spectrum; zstd inside Parquet is not in the pages cited in the tsv: see docs/warehouse.md.
        assertThat(codecs).containsExactly("ZSTD");
    }

    /** column → {physical, logical}, logical normalised to the tsv's words, in file order (the root is skipped). */
    static Map<String, String[]> parquetColumns(String file) throws Exception {
        Map<String, String[]> out = new LinkedHashMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name, type, converted_type, CAST(logical_type AS VARCHAR)"
                     + " FROM parquet_schema('" + sql(file) + "') WHERE type IS NOT NULL")) {
            while (rs.next()) {
                out.put(rs.getString(1), new String[] {rs.getString(2), logical(rs.getString(3), rs.getString(4))});
            }
        }
        return out;
    }

    static String logical(String converted, String logical) {
        String l = logical == null ? "" : logical;
        if (l.startsWith("TimestampType")) {
            String unit = l.contains("MICROS=MicroSeconds") ? "MICROS" : l.contains("MILLIS=MilliSeconds") ? "MILLIS" : "NANOS";
            return "TIMESTAMP(" + unit + "," + (l.contains("isAdjustedToUTC=1") ? "UTC" : "LOCAL") + ")";
        }
        if (l.startsWith("StringType") || "UTF8".equals(converted)) {
            return "STRING";
        }
        if (l.startsWith("IntType") || "INT_64".equals(converted) || "INT_32".equals(converted)) {
            // Spark writes plain INT64/INT32; DuckDB (the fixture) adds the signed-int annotation: same values.
            return "INT(" + (("INT_64".equals(converted) || l.contains("bitWidth=64")) ? "64" : "32") + ",signed)";
        }
        if (l.isEmpty() && converted == null) {
            return "-";
        }
        return "UNKNOWN:" + converted + "/" + l; // matches no rule, so the test names it
    }

    static Map<String, String> stagingTypes(Dialect d) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String col : WarehouseSchema.stagingColumns(d).split(", ")) {
            int space = col.indexOf(' ');
            out.put(col.substring(0, space).replace("\"", ""), col.substring(space + 1));
        }
        return out;
    }

    static List<Rule> rules() throws IOException {
        try (InputStream in = RedshiftParquetTypesIT.class.getResourceAsStream("/redshift-parquet-copy-types.tsv")) {
            List<Rule> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split("\t");
                out.add(new Rule(f[0], f[1], f[2], f[3]));
            }
            return out.stream().collect(Collectors.toUnmodifiableList());
        }
    }

    private static String sql(String s) {
        return s.replace("'", "''");
    }
}
