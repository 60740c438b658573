package dev.claudeconnector.proxy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Helidon's HTTP/1.1 packet log is not installed: even with every Helidon logger at its finest
 * level, the proxy's traffic (headers with the local key, bodies) goes to no log.
 */
class PacketLogTest {
    @TempDir
    Path dir;

    @Test
    void noPacketLogEvenAtTheFinestLevel() {
        Logger helidon = Logger.getLogger("io.helidon");
        Level before = helidon.getLevel();
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        helidon.setLevel(Level.ALL);
        helidon.addHandler(capture);
        try (ProxyHarness h = ProxyHarness.start(dir)) {
            HttpResponse<String> answer = h.post("/v1/messages/count_tokens", UpstreamErrorMappingTest.REQUEST);
            assertEquals(200, answer.statusCode(), answer.body());
            assertTrue(records.stream().anyMatch(r -> r.getLoggerName().startsWith("io.helidon.webserver")),
                    "Helidon's server logged at its finest level, so the capture works");
            List<String> packetLog = records.stream().map(LogRecord::getLoggerName)
                    .filter(name -> name.contains("ConnectionListener")).distinct().toList();
            assertEquals(List.of(), packetLog);
            assertTrue(records.stream().noneMatch(r -> String.valueOf(r.getMessage()).contains(ProxyHarness.LOCAL_KEY)),
                    "no Helidon log line holds the local key");
        } finally {
            helidon.removeHandler(capture);
            helidon.setLevel(before);
        }
    }
}
