package io.ghactivity.testsupport.s3faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The proxy's framing relays messages byte for byte: heads, Content-Length and chunked bodies, keep-alive boundaries. */
class HttpFramingTest {

    @Test
    void readsTwoPipelinedRequestsExactlyIncludingAChunkedBodyWithTrailers() throws Exception {
        String first = "PUT /b/k?partNumber=2&uploadId=u HTTP/1.1\r\nHost: 127.0.0.1:9\r\nContent-Length: 5\r\n\r\n";
        String chunkedHead = "PUT /b/k2 HTTP/1.1\r\nHost: 127.0.0.1:9\r\ntransfer-encoding: chunked\r\n\r\n";
        String chunkedBody = "3;ext=1\r\nabc\r\n0\r\nx-amz-checksum-crc32: AAAA\r\n\r\n";
        InputStream in = stream(first + "hello" + chunkedHead + chunkedBody);

        HttpFraming.Head h1 = HttpFraming.readHead(in);
        assertThat(new String(h1.raw(), StandardCharsets.ISO_8859_1)).isEqualTo(first);
        assertThat(h1.startLine()).isEqualTo("PUT /b/k?partNumber=2&uploadId=u HTTP/1.1");
        assertThat(new String(HttpFraming.readRequestBody(h1, in), StandardCharsets.ISO_8859_1)).isEqualTo("hello");
        assertThat(new S3Request("PUT", "/b/k?partNumber=2&uploadId=u").isUploadPart()).isTrue();

        HttpFraming.Head h2 = HttpFraming.readHead(in);
        assertThat(h2.chunked()).isTrue();
        assertThat(new String(HttpFraming.readRequestBody(h2, in), StandardCharsets.ISO_8859_1)).isEqualTo(chunkedBody);
        assertThat(HttpFraming.readHead(in)).as("clean end between messages").isNull();
    }

    @Test
    void responseBodiesFollowMethodStatusAndLength() throws Exception {
        String head = "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\n";
        HttpFraming.Head h = HttpFraming.readHead(stream(head));
        assertThat(h.status()).isEqualTo(200);
        assertThat(HttpFraming.readResponseBody(h, "HEAD", stream("ignored"))).isEmpty();
        assertThat(HttpFraming.readResponseBody(h, "GET", stream("datamore"))).asString().isEqualTo("data");
        assertThatThrownBy(() -> HttpFraming.readResponseBody(h, "GET", stream("da"))).isInstanceOf(EOFException.class);
        HttpFraming.Head noContent = HttpFraming.readHead(stream("HTTP/1.1 204 No Content\r\n\r\n"));
        assertThat(HttpFraming.readResponseBody(noContent, "DELETE", stream("x"))).isEmpty();
    }

    @Test
    void pathsAreDecodedForMatchers() {
        S3Request r = new S3Request("GET", "/lake/gh/events/dt%3D2022-06-07/hr%3D13/part-0.parquet?x=1");
        assertThat(r.path()).isEqualTo("/lake/gh/events/dt=2022-06-07/hr=13/part-0.parquet");
        assertThat(r.bucket()).isEqualTo("lake");
        assertThat(r.isGetOf("/events/dt=2022-06-07/hr=13/")).isTrue();
        assertThat(new S3Request("POST", "/lake/k?uploadId=u").repeatable()).isFalse();
    }

    private static InputStream stream(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
    }
}
