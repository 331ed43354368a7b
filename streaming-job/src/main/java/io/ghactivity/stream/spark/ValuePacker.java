package io.ghactivity.stream.spark;

import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeRow;
import org.apache.spark.sql.types.StructType;

/**
 * Pass 1 of a batch over the rows of Spark's Kafka source, per Spark partition: rows → {@link ValueChunk}s through a
 * {@link ChunkFiller}, each value copied once, straight out of Spark's row. The job reads Kafka itself
 * ({@link KafkaRangeReader}); this is the path for a batch whose plan does not show its offset ranges.
 *
 * <p>It works on Spark's internal rows because reading a value through {@code Row} copies it into a fresh array
 * per record (measured at 15 % of the stream's time); the Kafka source's rows are {@link UnsafeRow}s, whose binary
 * fields can be copied directly. Any other row kind takes the copying path.
 */
final class ValuePacker implements FlatMapFunction<Iterator<InternalRow>, ValueChunk> {
    private static final long serialVersionUID = 1L;
    private final int valueField;
    private final int partitionField;
    private final int offsetField;

    /** @param kafkaSchema the schema of Spark's Kafka source rows */
    ValuePacker(StructType kafkaSchema) {
        this.valueField = kafkaSchema.fieldIndex("value");
        this.partitionField = kafkaSchema.fieldIndex("partition");
        this.offsetField = kafkaSchema.fieldIndex("offset");
    }

    @Override
    public Iterator<ValueChunk> call(Iterator<InternalRow> rows) {
        return new FillingIterator() {
            @Override
            protected boolean feed() {
                if (!rows.hasNext()) {
                    return false;
                }
                InternalRow row = rows.next();
                int partition = row.getInt(partitionField);
                long offset = row.getLong(offsetField);
                if (row.isNullAt(valueField)) {
                    filler.add(partition, offset, null);
                } else if (row instanceof UnsafeRow u) {
                    long offsetAndSize = u.getLong(valueField); // a variable-length field's slot: offset << 32 | size
                    filler.add(partition, offset, u.getBaseObject(), u.getBaseOffset() + (offsetAndSize >>> 32),
                            (int) offsetAndSize);
                } else {
                    filler.add(partition, offset, row.getBinary(valueField));
                }
                return true;
            }
        };
    }
}
