package io.ghactivity.testsupport.redshift;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What PostgreSQL cannot run of the Redshift SQL the loader sends, recognised exactly: Redshift's
 * {@code COPY … FROM 's3://…' IAM_ROLE … FORMAT AS PARQUET [SERIALIZETOJSON] MANIFEST} (returned as a {@link Copy} for
 * {@link CopyFromS3} to carry out), and in {@code CREATE TABLE} the physical-layout clauses (DISTKEY, SORTKEY,
 * DISTSTYLE), which change where rows are stored, never what a query returns, and the {@code SUPER} type of the staging
 * payload, which becomes {@code TEXT}. Everything else passes unchanged.
 */
public final class RedshiftSql {
    private static final Pattern COPY = Pattern.compile(
            "\\s*COPY\\s+([A-Za-z_][A-Za-z0-9_.\"]*)\\s+FROM\\s+'((?:[^']|'')*)'\\s+IAM_ROLE\\s+(default|'(?:[^']|'')*')"
                    + "\\s+FORMAT\\s+AS\\s+PARQUET(\\s+SERIALIZETOJSON)?\\s+MANIFEST\\s*;?\\s*",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern ANY_COPY = Pattern.compile("\\s*COPY\\s.*", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern CREATE_TABLE = Pattern.compile("\\s*CREATE\\s+(TEMP\\s+|TEMPORARY\\s+)?TABLE\\s.*",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern LAYOUT = Pattern.compile(
            "\\s+(DISTKEY\\s*\\([^)]*\\)|SORTKEY\\s*\\([^)]*\\)|DISTSTYLE\\s+(EVEN|ALL|KEY|AUTO))", Pattern.CASE_INSENSITIVE);
    private static final Pattern SUPER = Pattern.compile("\\bSUPER\\b", Pattern.CASE_INSENSITIVE);

    private RedshiftSql() {
    }

    /** One Redshift COPY of Parquet files listed in a manifest. {@code iamRole} is {@code default} or the ARN. */
    public record Copy(String table, String manifestUrl, String iamRole, boolean serializeToJson) {
    }

    /** The COPY this statement is, if it is Redshift's Parquet-manifest COPY. */
    public static Optional<Copy> copy(String sql) {
        Matcher m = COPY.matcher(sql);
        if (!m.matches()) {
            return Optional.empty();
        }
        String role = m.group(3);
        role = role.startsWith("'") ? unquote(role) : role.toLowerCase();
        return Optional.of(new Copy(m.group(1), unquote("'" + m.group(2) + "'"), role, m.group(4) != null));
    }

    /** A COPY statement of a form this stand-in does not know (it must fail, not pass to PostgreSQL's own COPY). */
    public static boolean isOtherCopy(String sql) {
        return ANY_COPY.matcher(sql).matches() && copy(sql).isEmpty();
    }

    /** The statement PostgreSQL runs instead: CREATE TABLE without Redshift's layout clauses and SUPER; else unchanged. */
    public static String withoutRedshiftLayout(String sql) {
        if (!CREATE_TABLE.matcher(sql).matches()) {
            return sql;
        }
        return SUPER.matcher(LAYOUT.matcher(sql).replaceAll("")).replaceAll("TEXT");
    }

    /** A statement that fails in PostgreSQL with this message, as the Redshift statement would have failed. */
    public static String failing(String message) {
        return "DO $rehearsal$ BEGIN RAISE EXCEPTION '%', " + literal("Redshift stand-in: " + message) + "; END $rehearsal$";
    }

    /** A PostgreSQL string literal (standard_conforming_strings is on: only quotes are doubled). */
    public static String literal(String s) {
        return "'" + s.replace("'", "''") + "'";
    }

    private static String unquote(String quoted) {
        return quoted.substring(1, quoted.length() - 1).replace("''", "'");
    }
}
