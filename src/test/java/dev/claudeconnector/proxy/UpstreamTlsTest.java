package dev.claudeconnector.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;

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

    Path certPem;

    @BeforeEach
    void start() throws Exception {
        // A fresh self-signed certificate for 127.0.0.1 and localhost.
        certPem = dir.resolve("server.pem");
        https = httpsServer(selfSigned("server", "localhost", "dns:localhost,ip:127.0.0.1", certPem));
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
    void aCaFileMakesTheServerTrusted() {
        HttpResponse<String> res = call("upstream:\n  tls:\n    insecure: false\n    ca-file: " + certPem + "\n", "127.0.0.1");
        assertEquals(200, res.statusCode(), res.body());
    }

    @Test
    void aTrustedCertificateForAnotherHostIsRefused() throws Exception {
        // A certificate the ca-file trusts, but made out to another name than the upstream's.
        Path otherPem = dir.resolve("other.pem");
        Path keystore = selfSigned("other", "chat.example.org", "dns:chat.example.org", otherPem);
        https.stop();
        https = httpsServer(keystore);
        HttpResponse<String> res = call("upstream:\n  tls:\n    insecure: false\n    ca-file: " + otherPem + "\n", "127.0.0.1");
        assertEquals(502, res.statusCode(), res.body());
        assertTrue(res.body().contains("upstream.tls.insecure"), res.body());
    }

    @Test
    void aKeptTlsConnectionIsCheckedAfterAPauseAndStillCarriesTheNextCall() throws Exception {
        try (ProxyHarness h = ProxyHarness.startWithUpstream(dir.resolve("kept"), "https://127.0.0.1:" + https.httpsPort(),
                "upstream:\n  tls:\n    ca-file: " + certPem + "\n")) {
            assertEquals(200, h.post("/v1/messages", UpstreamErrorMappingTest.REQUEST).statusCode());
            // Past KeptConnections.CHECK_AFTER (1 s): the kept connection is looked at with a 1 ms read
            // through TLS before it is used again; the read must leave the TLS session usable.
            Thread.sleep(1_300);
            HttpResponse<String> again = h.post("/v1/messages", UpstreamErrorMappingTest.REQUEST);
            assertEquals(200, again.statusCode(), again.body());
            assertTrue(again.body().contains("secure"), again.body());
        }
    }

    /**
     * A fresh self-signed certificate for {@code name} with subject alternative names {@code san},
     * made with the JDK's keytool: its PKCS12 keystore (returned, in {@link #dir}) and the
     * certificate as PEM in {@code pem}.
     */
    private Path selfSigned(String alias, String name, String san, Path pem) throws Exception {
        Path keystore = dir.resolve(alias + ".p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", alias, "-keyalg", "EC", "-dname", "CN=" + name, "-validity", "2",
                "-ext", "SAN=" + san, "-keystore", keystore.toString(), "-storetype", "PKCS12",
                "-storepass", "changeit", "-keypass", "changeit");
        run(keytool, "-exportcert", "-rfc", "-alias", alias, "-keystore", keystore.toString(),
                "-storepass", "changeit", "-file", pem.toString());
        return keystore;
    }

    /** An HTTPS-only WireMock on 127.0.0.1 with the certificate in {@code keystore}, started. */
    private static WireMockServer httpsServer(Path keystore) {
        WireMockServer server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").httpDisabled(true)
                .dynamicHttpsPort().keystorePath(keystore.toString()).keystoreType("PKCS12")
                .keystorePassword("changeit").keyManagerPassword("changeit"));
        server.start();
        return server;
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
    }
}
