package io.ghactivity.bench.stream;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.to_timestamp;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The natural baseline: a plain Spark batch job that reads the same events as JSON-lines files with an explicit
 * schema (payload kept as raw JSON text, the typed payload fields parsed from it) and writes the same lake columns
 * as zstd Parquet partitioned by dt/hr. No dedup, no rejects, no manifests: just the format conversion.
 */
final class BaselineJob {
    private static final StructType ID_LOGIN = new StructType().add("id", DataTypes.LongType).add("login", DataTypes.StringType);
    private static final StructType INPUT = new StructType()
            .add("id", DataTypes.StringType).add("type", DataTypes.StringType)
            .add("actor", ID_LOGIN)
            .add("repo", new StructType().add("id", DataTypes.LongType).add("name", DataTypes.StringType))
            .add("org", ID_LOGIN).add("public", DataTypes.BooleanType)
            .add("created_at", DataTypes.StringType).add("payload", DataTypes.StringType);
    private static final StructType PAYLOAD = new StructType()
            .add("action", DataTypes.StringType).add("ref_type", DataTypes.StringType)
            .add("size", DataTypes.IntegerType).add("distinct_size", DataTypes.IntegerType)
            .add("number", DataTypes.IntegerType)
            .add("pull_request", new StructType().add("number", DataTypes.IntegerType).add("merged", DataTypes.BooleanType));

    private BaselineJob() {
    }

    static void run(SparkSession spark, String jsonDir, String out) {
        Dataset<Row> in = spark.read().schema(INPUT).json(jsonDir);
        Dataset<Row> typed = in.withColumn("p", from_json(col("payload"), PAYLOAD))
                .withColumn("ts", to_timestamp(col("created_at")));
        typed.select(col("id").cast("bigint").as("id"), col("type"), col("ts").as("created_at"),
                        col("actor.id").as("actor_id"), col("actor.login").as("actor_login"),
                        col("repo.id").as("repo_id"), col("repo.name").as("repo_name"),
                        col("org.id").as("org_id"), col("org.login").as("org_login"), col("public"),
                        col("p.action").as("action"), col("p.ref_type").as("ref_type"),
                        col("p.size").as("push_size"), col("p.distinct_size").as("push_distinct_size"),
                        coalesce(col("p.number"), col("p.pull_request.number")).as("pr_number"),
                        col("p.pull_request.merged").as("pr_merged"), col("payload"),
                        date_format(col("ts"), "yyyy-MM-dd").as("dt"), date_format(col("ts"), "HH").as("hr"))
                .write().mode("overwrite").option("compression", "zstd").partitionBy("dt", "hr").parquet(out);
    }
}
