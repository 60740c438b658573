package dev.claudeconnector;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The package graph of the main code, read from its imports: dependencies point one way
 * ({@code cli → proxy → {translate, models, auth} → openwebui → config}, and every package may use
 * {@code json}, which uses nothing but Jackson), Open WebUI is reached
 * only through the {@code openwebui} package, and {@code cli} uses nothing of {@code proxy} but its server.
 */
class PackageRulesTest {
    static final Path MAIN = Path.of("src/main/java/dev/claudeconnector");
    static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.claudeconnector\\.([a-z]+)\\.([A-Za-z]+)", Pattern.MULTILINE);
    static final Map<String, Set<String>> ALLOWED = Map.of(
            "cli", Set.of("proxy", "auth", "openwebui", "models", "config", "json"),
            "proxy", Set.of("translate", "models", "auth", "openwebui", "config", "json"),
            "auth", Set.of("openwebui", "config", "json"),
            "openwebui", Set.of("models", "config", "json"),
            "models", Set.of("config", "json"),
            "translate", Set.of("json"),
            "config", Set.of("json"),
            "json", Set.of());

    record Use(String from, String file, String to, String type) {
    }

    static List<Use> uses() throws IOException {
        List<Use> uses = new ArrayList<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String from = MAIN.relativize(f).getName(0).toString();
                Matcher m = IMPORT.matcher(Files.readString(f));
                while (m.find()) {
                    if (!m.group(1).equals(from)) {
                        uses.add(new Use(from, f.getFileName().toString(), m.group(1), m.group(2)));
                    }
                }
            }
        }
        return uses;
    }

    @Test
    void dependenciesPointOneWay() throws IOException {
        List<Use> wrong = uses().stream().filter(u -> !ALLOWED.getOrDefault(u.from(), Set.of()).contains(u.to())).toList();
        assertEquals(List.of(), wrong);
        try (Stream<String> packages = Files.list(MAIN).filter(Files::isDirectory).map(p -> p.getFileName().toString())) {
            assertEquals(ALLOWED.keySet(), Set.copyOf(packages.toList()), "every package has its rule");
        }
    }

    @Test
    void cliUsesOnlyTheProxyServerAndItsRequestCount() throws IOException {
        assertEquals(Set.of("ProxyServer", "InFlight"), Set.copyOf(uses().stream()
                .filter(u -> u.from().equals("cli") && u.to().equals("proxy")).map(Use::type).toList()));
    }

    @Test
    void onlyTheOpenWebUiPackageTalksHttpToOpenWebUi() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            List<String> clients = files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> {
                        try {
                            String source = Files.readString(p);
                            return source.contains("import io.helidon.webclient") || source.contains("import org.apache.hc");
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(p -> MAIN.relativize(p).toString()).filter(p -> !p.startsWith("openwebui/")).toList();
            assertEquals(List.of(), clients);
        }
    }
}
