package dev.claudeconnector.bench;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnection;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The floor under the proxy's CPU row ({@code bench/run --floor}): Helidon's server and HttpCore's
 * blocking client connection (what {@code serve} reads Open WebUI's answers with) used plainly, with
 * nothing of the proxy between them. Each {@code POST /v1/messages} body is read whole and posted as
 * it is to the stand-in's {@code /api/chat/completions} (bearer token, keep-alive, no Nagle: what
 * {@code serve} sets too) on a kept connection, and the stand-in's answer goes back as it is: no
 * JSON read or written, no translation, no log line, no local key. What {@code serve} costs above
 * this is the proxy's own work; the rest is HTTP, virtual threads and the kernel's loopback.
 * Runs on {@code target/agent.jar}'s libraries with the JVM options {@code serve} runs with ({@link CpuComparison}).
 *
 * <p>Arguments: the port to listen on (127.0.0.1) and the stand-in's port.
 */
public final class PassThrough {
    private PassThrough() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        int upstreamPort = Integer.parseInt(args[1]);
        String authorization = "Bearer " + RuntimeBench.TOKEN;
        Deque<DefaultBHttpClientConnection> kept = new ConcurrentLinkedDeque<>();
        WebServer.builder()
                .host("127.0.0.1")
                .port(port)
                .connectionOptions(s -> s.tcpNoDelay(true))
                .featuresDiscoverServices(false)
                .routing(r -> r.post("/v1/messages", (req, res) -> {
                    byte[] body = req.content().as(byte[].class);
                    DefaultBHttpClientConnection connection = kept.pollFirst();
                    try {
                        if (connection == null) {
                            Socket socket = new Socket();
                            socket.setTcpNoDelay(true);
                            socket.connect(new InetSocketAddress("127.0.0.1", upstreamPort));
                            connection = new DefaultBHttpClientConnection(Http1Config.DEFAULT);
                            connection.bind(socket);
                        }
                        BasicClassicHttpRequest call = new BasicClassicHttpRequest("POST", "/api/chat/completions");
                        call.addHeader("Host", "127.0.0.1:" + upstreamPort);
                        call.addHeader("Authorization", authorization);
                        call.addHeader("Content-Length", body.length);
                        call.setEntity(new ByteArrayEntity(body, ContentType.APPLICATION_JSON));
                        connection.sendRequestHeader(call);
                        connection.sendRequestEntity(call);
                        connection.flush();
                        ClassicHttpResponse answer = connection.receiveResponseHeader();
                        connection.receiveResponseEntity(answer);
                        byte[] bytes;
                        try (InputStream in = answer.getEntity().getContent()) {
                            bytes = in.readAllBytes();
                        }
                        kept.offerFirst(connection);
                        res.status(Status.create(answer.getCode()))
                                .header(HeaderNames.CONTENT_TYPE, "application/json")
                                .send(bytes);
                    } catch (IOException | org.apache.hc.core5.http.HttpException e) {
                        if (connection != null) {
                            connection.close(org.apache.hc.core5.io.CloseMode.IMMEDIATE);
                        }
                        throw new UncheckedIOException(new IOException(e));
                    }
                }))
                .build()
                .start();
    }
}
