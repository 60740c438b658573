package dev.claudeconnector.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.claudeconnector.json.JsonTrees;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;

/**
 * The running proxy's pid file ({@code serve-<port>.pid} in the per-user state folder): which
 * process serves the port, since when, and where its log is, for {@code stop}, {@code restart}
 * and {@code status}. Written by {@code serve} when it listens, removed when it stops.
 *
 * @param log the background proxy's log file, when it runs in the background (else empty)
 */
record PidFile(long pid, int port, String version, String build, Instant started, Optional<Path> log) {
    void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        ObjectNode node = JsonTrees.object().put("pid", pid).put("port", port).put("version", version)
                .put("build", build).put("started", started.toString());
        log.ifPresent(l -> node.put("log", l.toString()));
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(temp, JsonTrees.bytes(node));
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The pid file's contents, if it exists and is readable. */
    static Optional<PidFile> read(Path file) {
        try {
            JsonNode n = JsonTrees.read(Files.readAllBytes(file));
            return Optional.of(new PidFile(n.path("pid").asLong(), n.path("port").asInt(), n.path("version").asText(""),
                    n.path("build").asText(""), Instant.parse(n.path("started").asText()),
                    n.hasNonNull("log") ? Optional.of(Path.of(n.get("log").asText())) : Optional.empty()));
        } catch (IOException | RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    /** Removes the file when it still names this process (a newer proxy may have replaced it). */
    static void removeIfOurs(Path file, long pid) {
        if (read(file).map(p -> p.pid() == pid).orElse(false)) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a stale file is recognised by its dead pid
            }
        }
    }
}
