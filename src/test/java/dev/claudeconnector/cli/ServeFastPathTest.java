package dev.claudeconnector.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** serve's own reading of its plain options knows exactly picocli's options, and leaves the rest to picocli. */
class ServeFastPathTest {
    @Test
    void knowsEveryOptionOfServeButHelpAndVersion() {
        Set<String> picocli = new TreeSet<>();
        new CommandLine(new ServeCommand()).getCommandSpec().options().forEach(o -> picocli.add(o.longestName()));
        picocli.removeAll(Set.of("--help", "--version"));
        assertEquals(picocli, new TreeSet<>(ServeFastPath.OPTIONS));
    }

    @Test
    void readsPlainOptionsAsPicocliWould() {
        ServeCommand serve = ServeFastPath.parse(List.of("--port", "22661", "--upstream=https://owui.example.org",
                "--auth-file", "a.env", "--host", "127.0.0.2", "--log-level", "FINE")).orElseThrow();
        ServeCommand picocli = new ServeCommand();
        new CommandLine(picocli).parseArgs("--port", "22661", "--upstream=https://owui.example.org",
                "--auth-file", "a.env", "--host", "127.0.0.2", "--log-level", "FINE");
        assertEquals(picocli.common.port, serve.common.port);
        assertEquals(picocli.common.upstream, serve.common.upstream);
        assertEquals(picocli.common.authFile, serve.common.authFile);
        assertEquals(Path.of("a.env"), serve.common.authFile);
        assertEquals(picocli.host, serve.host);
        assertEquals(picocli.common.logLevel, serve.common.logLevel);
    }

    @Test
    void leavesHelpTyposAndOddValuesToPicocli() {
        for (List<String> args : List.of(List.of("--help"), List.of("-V"), List.of("--prot", "1"), List.of("--port"),
                List.of("--port", "many"), List.of("--port", "--upstream", "x"), List.of("extra"))) {
            assertTrue(ServeFastPath.parse(args).isEmpty(), args.toString());
        }
    }
}
