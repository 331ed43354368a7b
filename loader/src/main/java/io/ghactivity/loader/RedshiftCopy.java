package io.ghactivity.loader;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ghactivity.contracts.GhArchiveHour;
import io.ghactivity.contracts.HourManifest;
import io.ghactivity.contracts.LakeLayout;

/**
 * Redshift's side of staging: a COPY manifest that lists exactly the hour's files (so COPY never globs the partition,
 * and {@code mandatory: true} makes a missing file fail the COPY), and the {@code COPY … FORMAT AS PARQUET MANIFEST}
 * statement into the session's staging table.
 */
public final class RedshiftCopy {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RedshiftCopy() {
    }

    /** {@code s3a://b/k} → {@code s3://b/k}: Redshift speaks s3://; a relative path is resolved against the lake root. */
    public static String s3Url(LakeLayout lake, String path) {
        String full = path.contains("://") ? path : lake.root() + "/" + path;
        return full.startsWith("s3a://") ? "s3://" + full.substring("s3a://".length()) : full;
    }

    /** The COPY manifest: one mandatory entry per data file, with {@code content_length} (required for Parquet). */
    public static String copyManifest(LakeLayout lake, HourManifest m) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode entries = root.putArray("entries");
        for (HourManifest.DataFile f : m.files()) {
            ObjectNode e = entries.addObject();
            e.put("url", s3Url(lake, f.path()));
            e.put("mandatory", true);
            e.putObject("meta").put("content_length", f.bytes());
        }
        return root.toString();
    }

    /** Where the COPY manifest of an hour's revision is uploaded under {@code --s3-staging}. */
    public static String copyManifestUrl(String s3Staging, GhArchiveHour hour, int revision) {
        String base = s3Staging.endsWith("/") ? s3Staging.substring(0, s3Staging.length() - 1) : s3Staging;
        return base + "/copy-manifests/" + LakeLayout.partitionPath(hour) + "/rev-" + revision + ".manifest";
    }

    /** {@code --iam-role default}: COPY uses the namespace's default IAM role (terraform sets it to the COPY role). */
    public static final String DEFAULT_ROLE = "default";

    /**
     * The COPY statement. Parquet columns map to the staging table by position, and the counts must match, so the
     * staging table has every lake column (same order as LakeSchema) — a column list cannot skip a file column.
     * {@code SERIALIZETOJSON} is what AWS documents for loading a Parquet column into a SUPER column (the staging
     * table's {@code payload}); the payload goes no further than staging. Role: {@code IAM_ROLE default} (the
     * namespace's default role, unquoted keyword) or an explicit ARN.
     */
    public static String copyStatement(String manifestUrl, String iamRole) {
        String role = DEFAULT_ROLE.equalsIgnoreCase(iamRole) ? DEFAULT_ROLE : "'" + sqlString(iamRole) + "'";
        return "COPY " + HourSql.STAGE + " FROM '" + sqlString(manifestUrl) + "' IAM_ROLE " + role
                + " FORMAT AS PARQUET SERIALIZETOJSON MANIFEST";
    }

    static String sqlString(String s) {
        return s.replace("'", "''");
    }
}
