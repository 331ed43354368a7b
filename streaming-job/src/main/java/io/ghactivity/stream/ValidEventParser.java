package io.ghactivity.stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.ghactivity.contracts.EventValidator;
import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Pass 2 of a batch: Kafka value → {@link LakeRows#EVENT} row, for records pass 1 already judged valid events (the
 * rejects and dropped duplicates are joined away before). One Jackson pass per record instead of the validator's plus
 * the parser's, and the payload stays bytes until Spark writes it ({@link LakeRowParser#validEventValues}); the values
 * are those {@link LakeRowParser} gives the same record (ValidEventParserTest pins this on the real samples and odd valid inputs).
 *
 * <p>Spark's own {@code from_json} was measured and not used: on a string column it parses through a
 * {@code Reader} (slower here than this whole parser) and re-serialises a raw JSON field instead of keeping its bytes.
 *
 * <p>Input rows: {@code value} of Spark's Kafka source.
 */
public final class ValidEventParser implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    @Override
    public Iterator<Row> call(Iterator<Row> records) {
        EventValidator validator = new EventValidator();
        JsonFactory json = JsonFactory.builder().disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();
        return RowIterators.map(records,
                r -> RowFactory.create(LakeRowParser.validEventValues(validator, json, (byte[]) r.get(0))));
    }
}
