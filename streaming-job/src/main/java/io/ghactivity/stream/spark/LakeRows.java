package io.ghactivity.stream.spark;

import io.ghactivity.contracts.LakeLayout;
import io.ghactivity.contracts.LakeSchema;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The Spark schemas of the job, all derived from {@link LakeSchema} (itself from {@code LakeColumn}) so the lake never
 * drifts from the contract: a lake column's position is its {@code LakeColumn#index()} in every schema here.
 *
 * <ul>
 *   <li>{@link #LAKE}: the event row as written to {@code events/} (contract columns, then partition columns dt, hr),
 *       built by {@link LakeRowBuilder};</li>
 *   <li>{@link #PARSED}: what {@link LakeRowParser} emits per Kafka record: the lake row plus the record's Kafka
 *       coordinates and, for records that are not valid events, the reject reason and the raw bytes;</li>
 *   <li>{@link #REJECT}: a row of {@code rejects/} (partitioned by reason).</li>
 * </ul>
 */
public final class LakeRows {
    public static final String KAFKA_PARTITION = "kafka_partition";
    public static final String KAFKA_OFFSET = "kafka_offset";
    public static final String KAFKA_TIMESTAMP = "kafka_timestamp";
    public static final String KAFKA_KEY = "kafka_key";
    public static final String REASON = "reason";
    public static final String DETAIL = "detail";
    public static final String RAW = "raw_value";
    public static final String EPOCH_HOUR = "epoch_hour";

    public static final StructType LAKE = lake();
    public static final StructType PARSED = parsed();
    public static final StructType REJECT = new StructType()
            .add(DETAIL, DataTypes.StringType)
            .add(KAFKA_PARTITION, DataTypes.IntegerType, false)
            .add(KAFKA_OFFSET, DataTypes.LongType, false)
            .add(KAFKA_TIMESTAMP, DataTypes.TimestampType)
            .add(KAFKA_KEY, DataTypes.StringType)
            .add(RAW, DataTypes.BinaryType)
            .add(REASON, DataTypes.StringType);

    private LakeRows() {
    }

    public static DataType sparkType(LakeSchema.Kind kind) {
        return switch (kind) {
            case BIGINT -> DataTypes.LongType;
            case INT -> DataTypes.IntegerType;
            case STRING -> DataTypes.StringType;
            case BOOLEAN -> DataTypes.BooleanType;
            case TIMESTAMP -> DataTypes.TimestampType;
        };
    }

    /** Contract columns in contract order, then the partition columns. */
    public static List<String> lakeColumns() {
        List<String> names = new ArrayList<>(LakeSchema.names());
        names.add(LakeLayout.PARTITION_DATE);
        names.add(LakeLayout.PARTITION_HOUR);
        return names;
    }

    private static StructType lake() {
        List<StructField> fields = new ArrayList<>();
        for (LakeSchema.Column c : LakeSchema.COLUMNS) {
            // Required columns are non-null only for valid events; the parsed row carries rejects too, so all nullable.
            fields.add(DataTypes.createStructField(c.name(), sparkType(c.kind()), true));
        }
        fields.add(DataTypes.createStructField(LakeLayout.PARTITION_DATE, DataTypes.StringType, true));
        fields.add(DataTypes.createStructField(LakeLayout.PARTITION_HOUR, DataTypes.StringType, true));
        return DataTypes.createStructType(fields);
    }

    private static StructType parsed() {
        return lake()
                .add(EPOCH_HOUR, DataTypes.LongType, true)
                .add(KAFKA_PARTITION, DataTypes.IntegerType, false)
                .add(KAFKA_OFFSET, DataTypes.LongType, false)
                .add(KAFKA_TIMESTAMP, DataTypes.TimestampType, true)
                .add(KAFKA_KEY, DataTypes.StringType, true)
                .add(REASON, DataTypes.StringType, true)
                .add(DETAIL, DataTypes.StringType, true)
                .add(RAW, DataTypes.BinaryType, true);
    }
}
