package dev.claudeconnector.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TLS to the upstream: verified by default, a CA file extends trust, insecure is an explicit opt-out. */
class UpstreamTlsTest {
    @TempDir
    Path dir;
    WireMockServer https;

    @BeforeEach
    void start() {
        https = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").httpDisabled(true).dynamicHttpsPort());
        https.start();
        https.stubFor(post(urlEqualTo("/api/chat/completions")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"message\":{\"role\":\"assistant\",\"content\":\"secure\"}}]}")));
    }

    @AfterEach
    void stop() {
        https.stop();
    }

    private HttpResponse<String> call(String yaml, String host) {
        try (ProxyHarness h = ProxyHarness.startWithUpstream(dir.resolve("p" + System.nanoTime()),
                "https://" + host + ":" + https.httpsPort(), yaml)) {
            return h.post("/v1/messages", UpstreamErrorMappingTest.REQUEST);
        }
    }

    @Test
    void anUntrustedCertificateFailsWithAMessageNamingTheTlsSettings() throws Exception {
        HttpResponse<String> res = call("", "127.0.0.1");
        assertEquals(502, res.statusCode(), res.body());
        JsonNode error = ProxyHarness.JSON.readTree(res.body()).path("error");
        assertEquals("api_error", error.path("type").asText());
        assertTrue(error.path("message").asText().contains("upstream.tls.ca-file"), error.toString());
        assertTrue(error.path("message").asText().contains("upstream.tls.insecure"), error.toString());
    }

    @Test
    void insecureTurnsVerificationOffForTheUpstreamOnly() throws Exception {
        HttpResponse<String> res = call("upstream:\n  tls:\n    insecure: true\n", "127.0.0.1");
        assertEquals(200, res.statusCode(), res.body());
        assertTrue(res.body().contains("secure"));
        // The same JVM's default HTTPS still refuses that certificate: the opt-out is not JVM-wide.
        var plain = java.net.http.HttpClient.newHttpClient();
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("https://127.0.0.1:" + https.httpsPort() + "/")).build();
        assertThrows(javax.net.ssl.SSLException.class, () -> plain.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void aCaFileMakesTheServerTrusted() throws Exception {
        Path pem = dir.resolve("ca.pem");
        Files.writeString(pem, pemOf(https.httpsPort()));
        HttpResponse<String> res = call("upstream:\n  tls:\n    insecure: false\n    ca-file: " + pem + "\n", "localhost");
        assertEquals(200, res.statusCode(), res.body());
    }

    /** The server's own certificate, fetched without verification, as PEM. */
    private static String pemOf(int port) throws Exception {
        SSLContext trustAll = SSLContext.getInstance("TLS");
        trustAll.init(null, new TrustManager[] {new X509TrustManager() {
            public void checkClientTrusted(X509Certificate[] c, String a) { }
            public void checkServerTrusted(X509Certificate[] c, String a) { }
            public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        }}, null);
        try (SSLSocket s = (SSLSocket) trustAll.getSocketFactory().createSocket("127.0.0.1", port)) {
            s.startHandshake();
            StringBuilder pem = new StringBuilder();
            for (Certificate c : s.getSession().getPeerCertificates()) {
                pem.append("-----BEGIN CERTIFICATE-----\n")
                        .append(Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(c.getEncoded()))
                        .append("\n-----END CERTIFICATE-----\n");
            }
            return pem.toString();
        }
    }
}
