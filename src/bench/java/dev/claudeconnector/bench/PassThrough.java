package dev.claudeconnector.bench;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.api.WebClient;
import io.helidon.webserver.WebServer;

/**
 * The floor under the proxy's CPU row ({@code bench/run --floor}): Helidon's server and client used
 * plainly, with nothing of the proxy between them. Each {@code POST /v1/messages} body is read whole
 * and posted as it is to the stand-in's {@code /api/chat/completions} (bearer token, keep-alive,
 * no Nagle, no proxy lookup: what {@code serve} sets too), and the stand-in's answer goes back as it
 * is: no JSON read or written, no translation, no log line, no local key. What {@code serve} costs
 * above this is the proxy's own work; the rest is HTTP, virtual threads and the kernel's loopback.
 * Runs on {@code target/agent.jar}'s Helidon with the JVM options {@code serve} runs with ({@link CpuComparison}).
 *
 * <p>Arguments: the port to listen on (127.0.0.1) and the stand-in's port.
 */
public final class PassThrough {
    private PassThrough() {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        int upstreamPort = Integer.parseInt(args[1]);
        WebClient client = WebClient.builder()
                .baseUri("http://127.0.0.1:" + upstreamPort)
                .socketOptions(s -> s.tcpNoDelay(true))
                .sendExpectContinue(false)
                .proxy(Proxy.noProxy())
                .followRedirects(false)
                .build();
        String authorization = "Bearer " + RuntimeBench.TOKEN;
        WebServer.builder()
                .host("127.0.0.1")
                .port(port)
                .connectionOptions(s -> s.tcpNoDelay(true))
                .featuresDiscoverServices(false)
                .routing(r -> r.post("/v1/messages", (req, res) -> {
                    byte[] body = req.content().as(byte[].class);
                    try (HttpClientResponse answer = client.post("/api/chat/completions")
                            .header(HeaderNames.AUTHORIZATION, authorization)
                            .header(HeaderNames.CONTENT_TYPE, "application/json")
                            .submit(body)) {
                        res.status(Status.create(answer.status().code()))
                                .header(HeaderNames.CONTENT_TYPE, "application/json")
                                .send(answer.entity().as(byte[].class));
                    }
                }))
                .build()
                .start();
    }
}
