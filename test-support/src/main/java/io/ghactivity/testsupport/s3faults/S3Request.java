package io.ghactivity.testsupport.s3faults;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One S3 request as the proxy sees it: method and request target (path-style: {@code /bucket/key?query}).
 *
 * @param method HTTP method
 * @param target request target as sent, query included
 */
public record S3Request(String method, String target) {

    /** A multipart upload's part: {@code PUT /bucket/key?partNumber=N&uploadId=…}. */
    public boolean isUploadPart() {
        return method.equals("PUT") && target.contains("partNumber=") && target.contains("uploadId=");
    }

    /** The path without the query, percent-decoded ({@code /bucket/events/dt=2021-07-21/hr=05/part-…}). */
    public String path() {
        int q = target.indexOf('?');
        String raw = q < 0 ? target : target.substring(0, q);
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** A GET of an object whose decoded path contains {@code fragment}. */
    public boolean isGetOf(String fragment) {
        return method.equals("GET") && path().contains(fragment);
    }

    /** The request's bucket, from a path-style target. */
    public String bucket() {
        String path = target.startsWith("/") ? target.substring(1) : target;
        int end = path.length();
        for (char c : new char[] {'/', '?'}) {
            int i = path.indexOf(c);
            if (i >= 0) {
                end = Math.min(end, i);
            }
        }
        return path.substring(0, end);
    }

    /** Whether the server may safely see this request twice (everything except POST: complete-multipart, bulk delete). */
    boolean repeatable() {
        return !method.toUpperCase(Locale.ROOT).equals("POST");
    }
}
