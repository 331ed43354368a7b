package io.ghactivity.stream.core;

import io.ghactivity.contracts.LakeColumn;
import io.ghactivity.contracts.LakeSchema.Kind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@link LakeColumn}'s JSON paths as a tree of members, the shape both lake-row readers walk: the byte scan
 * ({@link LakeFieldScan}) and its Jackson fallback ({@link LakeJsonReader}). Built once from the enum, so a column
 * added there is read by both without another line of mapping. The envelope columns (id, type, created_at) are not in
 * it: pass 1's validator already read them.
 */
final class LakeFieldTree {

    /**
     * One member name at one level.
     *
     * @param column   the column this member's value fills, or -1 (then it only leads to {@code children})
     * @param fallback true for a later path of its column: it fills the column only while it is still null
     * @param children members read inside it when it is an object
     */
    record Field(String name, byte[] nameBytes, int column, Kind kind, LakeColumn.Reading reading, boolean fallback,
                 Field[] children) {

        /** The member of {@code fields} named by {@code n} bytes of {@code b} at {@code start}, or null. */
        static Field find(Field[] fields, byte[] b, int start, int n) {
            for (Field f : fields) {
                byte[] name = f.nameBytes;
                if (name.length == n && Arrays.equals(b, start, start + n, name, 0, n)) {
                    return f;
                }
            }
            return null;
        }

        static Field find(Field[] fields, String name) {
            for (Field f : fields) {
                if (f.name.equals(name)) {
                    return f;
                }
            }
            return null;
        }
    }

    /** The members read at the event's top level. */
    static final Field[] ROOT = build();

    private LakeFieldTree() {
    }

    private static final class Builder {
        final String name;
        LakeColumn column;
        boolean fallback;
        final List<Builder> children = new ArrayList<>();

        Builder(String name) {
            this.name = name;
        }

        Builder child(String member) {
            for (Builder c : children) {
                if (c.name.equals(member)) {
                    return c;
                }
            }
            Builder c = new Builder(member);
            children.add(c);
            return c;
        }

        Field build() {
            if (column != null && column.reading() == LakeColumn.Reading.TYPED && !children.isEmpty()) {
                throw new IllegalStateException(column + ": a typed value cannot also hold other columns' paths");
            }
            return new Field(name, name.getBytes(StandardCharsets.UTF_8), column == null ? -1 : column.index(),
                    column == null ? null : column.kind(), column == null ? null : column.reading(), fallback,
                    children.stream().map(Builder::build).toArray(Field[]::new));
        }
    }

    private static Field[] build() {
        Builder root = new Builder("");
        for (LakeColumn c : LakeColumn.values()) {
            if (c.reading() == LakeColumn.Reading.ENVELOPE) {
                continue;
            }
            for (int p = 0; p < c.paths().size(); p++) {
                Builder node = root;
                for (String member : c.paths().get(p).fields()) {
                    node = node.child(member);
                }
                if (node.column != null) {
                    throw new IllegalStateException(c + " and " + node.column + " read the same JSON path");
                }
                node.column = c;
                node.fallback = p > 0;
            }
        }
        return root.children.stream().map(Builder::build).toArray(Field[]::new);
    }
}
