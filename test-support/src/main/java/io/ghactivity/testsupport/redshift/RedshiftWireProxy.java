package io.ghactivity.testsupport.redshift;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Redshift's stand-in for the command rehearsal: a PostgreSQL wire-protocol proxy on 127.0.0.1 in front of a real
 * PostgreSQL, so the loader runs unchanged with the Redshift JDBC driver and the Redshift dialect. It changes exactly
 * three things, each logged:
 * <ol>
 *   <li>the startup message: parameters PostgreSQL does not know (the Redshift driver's {@code driver_version},
 *       {@code os_version}, …) are dropped, as Redshift ignores what it does not use;</li>
 *   <li>{@code CREATE TABLE}: Redshift's layout clauses and {@code SUPER} ({@link RedshiftSql#withoutRedshiftLayout});</li>
 *   <li>Redshift's Parquet-manifest COPY: carried out from the local S3 server by {@link CopyFromS3} and sent on as the
 *       equivalent INSERT in the same session; a COPY of any other form, or one Redshift would refuse, fails.</li>
 * </ol>
 * Statements arrive in simple-query ('Q') and extended-protocol Parse ('P') messages; everything else, and every byte
 * from the server, passes through. Each COPY is appended as a JSON line to {@code copyLog} (what the rehearsal asserts).
 * No TLS: an SSL request is answered 'N' (the client connects with {@code ssl=false}).
 */
public final class RedshiftWireProxy implements AutoCloseable {
    private static final int SSL_REQUEST = 80877103;
    private static final int GSS_REQUEST = 80877104;
    private static final int PROTOCOL_3 = 196608;
    /** Startup parameters PostgreSQL accepts from a client; the rest are Redshift driver extras. */
    private static final Set<String> POSTGRES_STARTUP = Set.of("user", "database", "options", "application_name",
            "client_encoding", "DateStyle", "TimeZone", "extra_float_digits", "search_path", "IntervalStyle");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServerSocket server;
    private final int upstreamPort;
    private final CopyFromS3 copies;
    private final Path copyLog;
    private final Path translationLog;
    private final Thread acceptor;

    public RedshiftWireProxy(int upstreamPort, CopyFromS3 copies, Path copyLog, Path translationLog) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.upstreamPort = upstreamPort;
        this.copies = copies;
        this.copyLog = copyLog;
        this.translationLog = translationLog;
        this.acceptor = new Thread(this::accept, "redshift-stand-in-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread t = new Thread(() -> session(client), "redshift-stand-in-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void session(Socket client) {
        try (client; Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
            DataInputStream in = new DataInputStream(client.getInputStream());
            DataOutputStream toServer = new DataOutputStream(upstream.getOutputStream());
            if (!startup(in, client.getOutputStream(), toServer)) {
                return;
            }
            Thread back = new Thread(() -> pipe(upstream, client), "redshift-stand-in-server-to-client");
            back.setDaemon(true);
            back.start();
            while (true) {
                int type = in.read();
                if (type < 0) {
                    return;
                }
                byte[] body = new byte[in.readInt() - 4];
                in.readFully(body);
                if (type == 'Q') {
                    body = cstring(translate(cstringAt(body, 0)));
                } else if (type == 'P') {
                    body = parse(body);
                }
                toServer.write(type);
                toServer.writeInt(body.length + 4);
                toServer.write(body);
                toServer.flush();
            }
        } catch (IOException endOfSession) {
            // the client or the server closed the connection
        }
    }

    /** Handles SSL/GSS requests and forwards the startup message without the driver's extra parameters. */
    private boolean startup(DataInputStream in, OutputStream toClient, DataOutputStream toServer) throws IOException {
        while (true) {
            byte[] body = new byte[in.readInt() - 4];
            in.readFully(body);
            int code = ((body[0] & 0xff) << 24) | ((body[1] & 0xff) << 16) | ((body[2] & 0xff) << 8) | (body[3] & 0xff);
            if (code == SSL_REQUEST || code == GSS_REQUEST) {
                toClient.write('N');
                toClient.flush();
                continue;
            }
            if (code != PROTOCOL_3) { // a cancel request: pass it on as it is
                toServer.writeInt(body.length + 4);
                toServer.write(body);
                toServer.flush();
                return false;
            }
            Map<String, String> kept = new LinkedHashMap<>();
            Map<String, String> dropped = new LinkedHashMap<>();
            int pos = 4;
            while (pos < body.length && body[pos] != 0) {
                String key = cstringAt(body, pos);
                pos += key.getBytes(StandardCharsets.UTF_8).length + 1;
                String value = cstringAt(body, pos);
                pos += value.getBytes(StandardCharsets.UTF_8).length + 1;
                (POSTGRES_STARTUP.contains(key) ? kept : dropped).put(key, value);
            }
            if (!dropped.isEmpty()) {
                log(translationLog, Map.of("startup_parameters_dropped", dropped.keySet()));
            }
            ByteArrayOutputStream msg = new ByteArrayOutputStream();
            new DataOutputStream(msg).writeInt(PROTOCOL_3);
            for (Map.Entry<String, String> e : kept.entrySet()) {
                msg.writeBytes(cstring(e.getKey()));
                msg.writeBytes(cstring(e.getValue()));
            }
            msg.write(0);
            toServer.writeInt(msg.size() + 4);
            toServer.write(msg.toByteArray());
            toServer.flush();
            return true;
        }
    }

    /** A Parse message: statement name, query, parameter types; only the query may change. */
    private byte[] parse(byte[] body) {
        String name = cstringAt(body, 0);
        int queryAt = name.getBytes(StandardCharsets.UTF_8).length + 1;
        String query = cstringAt(body, queryAt);
        int restAt = queryAt + query.getBytes(StandardCharsets.UTF_8).length + 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(cstring(name));
        out.writeBytes(cstring(translate(query)));
        out.write(body, restAt, body.length - restAt);
        return out.toByteArray();
    }

    /** The statement PostgreSQL runs for this Redshift statement. */
    String translate(String sql) {
        var copy = RedshiftSql.copy(sql);
        if (copy.isPresent()) {
            try {
                CopyFromS3.Result r = copies.insertFor(copy.get());
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("table", copy.get().table());
                entry.put("manifest", copy.get().manifestUrl());
                entry.put("iam_role", copy.get().iamRole());
                entry.put("serializetojson", copy.get().serializeToJson());
                entry.put("files", r.files());
                entry.put("rows", r.rows());
                log(copyLog, entry);
                return r.insert();
            } catch (Exception e) {
                log(copyLog, Map.of("manifest", copy.get().manifestUrl(), "error", String.valueOf(e.getMessage())));
                return RedshiftSql.failing("COPY from " + copy.get().manifestUrl() + " failed: " + e.getMessage());
            }
        }
        if (RedshiftSql.isOtherCopy(sql)) {
            return RedshiftSql.failing("a COPY of a form the rehearsal does not know: " + sql);
        }
        String translated = RedshiftSql.withoutRedshiftLayout(sql);
        if (!translated.equals(sql)) {
            log(translationLog, Map.of("redshift", sql, "postgres", translated));
        }
        return translated;
    }

    private static void pipe(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException closed) {
            // either side closed
        } finally {
            try {
                to.shutdownOutput();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    private static synchronized void log(Path file, Object entry) {
        try {
            Files.writeString(file, JSON.writeValueAsString(entry) + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String cstringAt(byte[] b, int from) {
        int end = from;
        while (b[end] != 0) {
            end++;
        }
        return new String(b, from, end - from, StandardCharsets.UTF_8);
    }

    private static byte[] cstring(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[utf8.length + 1];
        System.arraycopy(utf8, 0, out, 0, utf8.length);
        return out;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
