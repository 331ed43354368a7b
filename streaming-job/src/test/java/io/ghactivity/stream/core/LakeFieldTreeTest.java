package io.ghactivity.stream.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.ghactivity.contracts.LakeColumn;
import io.ghactivity.stream.core.LakeFieldTree.Field;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The readers' member tree is LakeColumn's paths, nothing more and nothing less. */
class LakeFieldTreeTest {

    @Test
    void everyNonEnvelopeColumnIsReachedByEachOfItsPathsAndNoOtherMemberIsRead() {
        assertThat(Arrays.stream(LakeFieldTree.ROOT).map(Field::name))
                .containsExactly("actor", "repo", "org", "public", "payload");
        int leaves = 0;
        for (LakeColumn c : LakeColumn.values()) {
            for (int p = 0; p < c.paths().size(); p++) {
                Field f = walk(c.paths().get(p));
                if (c.reading() == LakeColumn.Reading.ENVELOPE) {
                    assertThat(f).as("%s is pass 1's", c).isNull();
                    continue;
                }
                assertThat(f.column()).as(c.name()).isEqualTo(c.index());
                assertThat(f.kind()).isEqualTo(c.kind());
                assertThat(f.fallback()).as("%s path %d", c, p).isEqualTo(p > 0);
                leaves++;
            }
        }
        assertThat(leaves).isEqualTo(count(LakeFieldTree.ROOT));
    }

    private static Field walk(LakeColumn.JsonPath path) {
        Field[] level = LakeFieldTree.ROOT;
        Field f = null;
        for (String member : path.fields()) {
            f = Field.find(level, member);
            if (f == null) {
                return null;
            }
            level = f.children();
        }
        return f;
    }

    private static int count(Field[] fields) {
        int n = 0;
        for (Field f : fields) {
            n += (f.column() >= 0 ? 1 : 0) + count(f.children());
        }
        return n;
    }
}
