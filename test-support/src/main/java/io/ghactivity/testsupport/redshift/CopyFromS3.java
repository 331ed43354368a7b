package io.ghactivity.testsupport.redshift;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Carries out a Redshift {@code COPY … FORMAT AS PARQUET MANIFEST} against a local S3 server, the way Redshift documents
 * it: the manifest is JSON {@code {"entries":[{"url":"s3://…","mandatory":true,"meta":{"content_length":N}}]}}, every
 * entry needs {@code content_length} (required for Parquet) equal to the object's size, a mandatory file that is missing
 * fails the COPY, and the files' columns fill the table's columns by position. The rows become one
 * {@code INSERT INTO table VALUES …} that PostgreSQL runs in the loader's own session and transaction (so a rollback
 * undoes it, as it undoes a COPY). Parquet is read with DuckDB, in UTC.
 */
public final class CopyFromS3 {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]+");

    private final S3Client s3;
    private final Path scratch;

    public CopyFromS3(S3Client s3, Path scratch) {
        this.s3 = s3;
        this.scratch = scratch;
    }

    /** The INSERT standing in for the COPY, and what it read. */
    public record Result(String insert, List<String> files, long rows) {
    }

    /** Reads the manifest and its files; an {@link IllegalArgumentException} says why Redshift would have refused. */
    public Result insertFor(RedshiftSql.Copy copy) throws Exception {
        if (!"default".equals(copy.iamRole()) && !ROLE_ARN.matcher(copy.iamRole()).matches()) {
            throw new IllegalArgumentException("IAM_ROLE '" + copy.iamRole() + "' is neither default nor an IAM role ARN");
        }
        JsonNode manifest = JSON.readTree(get(copy.manifestUrl(), true).asByteArray());
        Path dir = Files.createTempDirectory(scratch, "copy-");
        List<String> urls = new ArrayList<>();
        StringBuilder values = new StringBuilder();
        long rows = 0;
        int i = 0;
        for (JsonNode entry : manifest.path("entries")) {
            String url = entry.path("url").asText();
            JsonNode length = entry.path("meta").path("content_length");
            if (!length.canConvertToLong()) {
                throw new IllegalArgumentException("manifest entry " + url + " has no meta.content_length (required for Parquet)");
            }
            ResponseBytes<GetObjectResponse> file = get(url, entry.path("mandatory").asBoolean(false));
            if (file == null) {
                continue;
            }
            if (file.asByteArray().length != length.asLong()) {
                throw new IllegalArgumentException(url + " is " + file.asByteArray().length + " bytes, the manifest says "
                        + length.asLong());
            }
            Path local = Files.write(dir.resolve("part-" + i++ + ".parquet"), file.asByteArray());
            rows += appendRows(local, values);
            urls.add(url);
        }
        String insert = rows == 0
                ? "INSERT INTO " + copy.table() + " SELECT * FROM " + copy.table() + " WHERE false"
                : "INSERT INTO " + copy.table() + " VALUES " + values;
        return new Result(insert, urls, rows);
    }

    private ResponseBytes<GetObjectResponse> get(String url, boolean mandatory) {
        if (!url.startsWith("s3://")) {
            throw new IllegalArgumentException("not an s3:// URL: " + url);
        }
        String rest = url.substring("s3://".length());
        int slash = rest.indexOf('/');
        try {
            return s3.getObjectAsBytes(r -> r.bucket(rest.substring(0, slash)).key(rest.substring(slash + 1)));
        } catch (NoSuchKeyException e) {
            if (mandatory) {
                throw new IllegalArgumentException("the mandatory file " + url + " does not exist");
            }
            return null;
        }
    }

    /** Appends {@code (v1, v2, …)} per row of the Parquet file, columns in file order; returns the row count. */
    private static long appendRows(Path parquet, StringBuilder values) throws Exception {
        long rows = 0;
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement st = duck.createStatement()) {
            st.execute("SET TimeZone = 'UTC'");
            try (ResultSet rs = st.executeQuery("SELECT * FROM read_parquet('" + parquet.toString().replace("'", "''") + "')")) {
                ResultSetMetaData md = rs.getMetaData();
                while (rs.next()) {
                    values.append(values.length() == 0 ? "(" : ", (");
                    for (int c = 1; c <= md.getColumnCount(); c++) {
                        values.append(c == 1 ? "" : ", ").append(literal(rs, c, md.getColumnType(c)));
                    }
                    values.append(')');
                    rows++;
                }
            }
        }
        return rows;
    }

    private static String literal(ResultSet rs, int column, int type) throws Exception {
        String text = rs.getString(column);
        if (text == null) {
            return "NULL";
        }
        return switch (type) {
            case Types.BIGINT, Types.INTEGER, Types.SMALLINT, Types.TINYINT, Types.DOUBLE, Types.FLOAT, Types.REAL,
                 Types.DECIMAL, Types.NUMERIC -> text;
            case Types.BOOLEAN, Types.BIT -> rs.getBoolean(column) ? "TRUE" : "FALSE";
            default -> RedshiftSql.literal(text);
        };
    }
}
