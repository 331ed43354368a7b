package io.ghactivity.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LakeColumnTest {

    @Test
    void theSchemaIsTheColumnDefinitionInOrder() {
        assertThat(LakeSchema.names()).isEqualTo(Arrays.stream(LakeColumn.values()).map(LakeColumn::columnName).toList());
        for (LakeColumn c : LakeColumn.values()) {
            LakeSchema.Column s = LakeSchema.COLUMNS.get(c.index());
            assertThat(s.name()).isEqualTo(c.columnName());
            assertThat(s.kind()).isEqualTo(c.kind());
            assertThat(s.required()).isEqualTo(c.required());
        }
        assertThat(LakeSchema.names()).startsWith("id", "type", "created_at").endsWith("payload");
    }

    @Test
    void onlyTheEnvelopeIsRequiredAndEveryPathIsReadByOneColumnOnly() {
        Set<String> paths = new HashSet<>();
        for (LakeColumn c : LakeColumn.values()) {
            assertThat(c.required()).as(c.name()).isEqualTo(c.reading() == LakeColumn.Reading.ENVELOPE);
            assertThat(c.paths()).as(c.name()).isNotEmpty();
            c.paths().forEach(p -> assertThat(paths.add(p.toString())).as("%s read twice", p).isTrue());
        }
        assertThat(LakeColumn.PR_NUMBER.paths()).extracting(LakeColumn.JsonPath::fields)
                .containsExactly(List.of("payload", "number"), List.of("payload", "pull_request", "number"));
        assertThat(LakeColumn.PAYLOAD.reading()).isEqualTo(LakeColumn.Reading.RAW_JSON);
    }

    @Test
    void theSourceTextNamesThePathsForTheDocs() {
        assertThat(LakeSchema.COLUMNS.get(LakeColumn.PR_NUMBER.index()).source())
                .isEqualTo("payload.number or payload.pull_request.number");
        assertThat(LakeSchema.COLUMNS.get(LakeColumn.ORG_ID.index()).source()).isEqualTo("org.id (only some events)");
    }
}
