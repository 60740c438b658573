package dev.claudeconnector.auth;

import com.sun.net.httpserver.HttpServer;
import dev.claudeconnector.cli.CliRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A sign-in that cannot work says why and leaves nothing behind: {@code refresh} with Open WebUI
 * unreachable used to say "offers no SSO provider" and create {@code profiles/default}, after which
 * {@code status} reported the login as done.
 */
class FailedAttemptTest {
    @TempDir
    Path dir;

    @Test
    void unreachableOpenWebUiIsSaidAndNoProfileIsCreated() throws Exception {
        try (SsoFixture sso = new SsoFixture(dir, "")) {
            String nothingThere = "http://127.0.0.1:" + closedPort();
            CliRun run = CliRun.of(args(sso, "refresh", nothingThere));

            assertEquals(1, run.exit(), run.err());
            assertTrue(run.err().startsWith("error: cannot reach Open WebUI at " + nothingThere + " ("), run.err());
            assertTrue(run.err().contains("check the URL, your network and VPN"), run.err());
            assertFalse(run.err().contains("SSO provider"), run.err());
            assertFalse(Files.exists(sso.profile.getParent()), "no profile folder, nor the one above it");
            assertFalse(Files.exists(sso.authFile), "no auth file either");
        }
    }

    @Test
    void somethingThatIsNotOpenWebUiIsSaidAndNoProfileIsCreated() throws Exception {
        HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        other.createContext("/", exchange -> {
            byte[] page = "<html>Not here</html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(404, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        other.start();
        try (SsoFixture sso = new SsoFixture(dir, "")) {
            String url = "http://127.0.0.1:" + other.getAddress().getPort();
            for (String command : new String[] {"refresh", "login"}) {
                CliRun run = CliRun.of("login".equals(command) ? args(sso, command, url, "--headless", "--timeout", "30")
                        : args(sso, command, url));

                assertEquals(1, run.exit(), run.err());
                assertTrue(run.err().contains("error: what answers at " + url + " is not Open WebUI's API (HTTP 404"),
                        command + ": " + run.err());
                assertTrue(run.err().contains("check upstream.url, WEBUI_URL or --upstream"), run.err());
                assertFalse(Files.exists(sso.profile.getParent()), command + " left no profile folder");
            }
        } finally {
            other.stop(0);
        }
    }

    @Test
    void aProfileThatExistedBeforeTheFailureIsKept() throws Exception {
        try (SsoFixture sso = new SsoFixture(dir, "")) {
            Files.createDirectories(sso.profile);
            Files.writeString(sso.profile.resolve("Local State"), "{}");
            String nothingThere = "http://127.0.0.1:" + closedPort();

            assertEquals(1, CliRun.of(args(sso, "refresh", nothingThere)).exit());
            assertTrue(Files.exists(sso.profile.resolve("Local State")), "not this attempt's to remove");
        }
    }

    /** The fixture's flags with another upstream. */
    private static String[] args(SsoFixture sso, String command, String upstream, String... more) {
        String[] base = {command, "--config", sso.configFile.toString(), "--upstream", upstream,
                "--auth-file", sso.authFile.toString(), "--profile", sso.profile.toString()};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
