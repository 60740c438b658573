package dev.claudeconnector;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The proxy's JVM options: lean on every JDK 21+, with the class cache each JDK supports. */
class ProxyJvmTest {
    @TempDir
    Path tmp;

    @Test
    void everyJdkGetsTheSerialCollectorAndABoundedHeapNewerOnesTheirExtras() {
        List<String> on21 = new ProxyJvm(Path.of("/jdk/bin/java"), 21, "classes", tmp).options();
        assertTrue(on21.contains("-XX:+UseSerialGC"), on21.toString());
        assertTrue(on21.stream().anyMatch(o -> o.startsWith("-Xmx")), on21.toString());
        assertFalse(on21.contains("-XX:+UseCompactObjectHeaders"), "JDK 21 does not know it: " + on21);
        assertFalse(on21.stream().anyMatch(o -> o.startsWith("-XX:TrimNativeHeapInterval")), "experimental on 21: " + on21);
        assertFalse(on21.stream().anyMatch(o -> o.startsWith("-XX:CompileCommand")), on21.toString());
        List<String> on25 = new ProxyJvm(Path.of("/jdk/bin/java"), 25, "classes", tmp).options();
        assertTrue(on25.contains("-XX:+UseCompactObjectHeaders"), on25.toString());
        // quiet before the limit: no line about it on the proxy's output
        assertEquals(List.of("-XX:CompileCommand=quiet", "-XX:CompileCommand=MemLimit,*.*,12m"),
                on25.stream().filter(o -> o.startsWith("-XX:CompileCommand")).toList());
        assertEquals("2", ProxyJvm.environment(Map.of()).get("MALLOC_ARENA_MAX"));
        assertEquals("8", ProxyJvm.environment(Map.of("MALLOC_ARENA_MAX", "8")).get("MALLOC_ARENA_MAX"), "the user's own setting stays");
        assertEquals("32768", ProxyJvm.environment(Map.of()).get("MALLOC_MMAP_THRESHOLD_"));
        assertEquals("131072", ProxyJvm.environment(Map.of("MALLOC_MMAP_THRESHOLD_", "131072")).get("MALLOC_MMAP_THRESHOLD_"),
                "the user's own setting stays");
    }

    @Test
    void theUsersOwnOptionsAreSplitOnBlanks() {
        assertEquals(List.of("-Xmx512m", "-XX:+UseG1GC"), ProxyJvm.ownOptions("  -Xmx512m \t-XX:+UseG1GC "));
        assertEquals(List.of(), ProxyJvm.ownOptions(null));
        assertEquals(List.of(), ProxyJvm.ownOptions(" "));
    }

    @Test
    void theCommandRunsMainMarkedAsLaunchedWithTheGivenArguments() {
        List<String> command = new ProxyJvm(Path.of("/jdk/bin/java"), 21, "target/classes", tmp).command("serve", "--port", "1");
        assertEquals("/jdk/bin/java", command.getFirst());
        assertEquals(List.of("-Dconnector.launched=true", "-cp", "target/classes", "dev.claudeconnector.cli.Main", "serve",
                "--port", "1"), command.subList(command.size() - 7, command.size()));
        assertFalse(command.stream().anyMatch(o -> o.contains("SharedArchive") || o.contains("AOTCache")),
                "no class cache for a folder of classes: " + command);
    }

    @Test
    void jdk25MapsAnExistingCacheAndJdk21KeepsADynamicArchive() throws Exception {
        Path jar = Files.writeString(tmp.resolve("agent.jar"), "jar");
        Path home = Files.createDirectories(tmp.resolve("jdk/bin")).getParent();
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"25\"\n");
        Path cache = tmp.resolve("cache");
        ProxyJvm jdk25 = new ProxyJvm(home.resolve("bin/java"), 25, jar.toString(), cache);
        Path aot = jdk25.aotCache();
        Files.createDirectories(cache);
        Files.writeString(aot, "cache");
        Path older = Files.writeString(cache.resolve(aot.getFileName().toString().substring(0, 14) + "-0000000000000000.aot"), "old");
        assertTrue(jdk25.command("serve").contains("-XX:AOTCache=" + aot));
        assertFalse(Files.exists(older), "a cache of an earlier build of the same jar is removed");

        List<String> jdk21 = new ProxyJvm(home.resolve("bin/java"), 21, jar.toString(), cache).command("serve");
        assertTrue(jdk21.stream().anyMatch(o -> o.startsWith("-XX:SharedArchiveFile=")), jdk21.toString());
    }

    @Test
    void aRebuiltJarOrAnotherJdkGetsAnotherCache() throws Exception {
        Path jar = Files.writeString(tmp.resolve("agent.jar"), "jar");
        Path home = Files.createDirectories(tmp.resolve("jdk/bin")).getParent();
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"25\"\n");
        Path before = new ProxyJvm(home.resolve("bin/java"), 25, jar.toString(), tmp).aotCache();
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60)));
        Path rebuilt = new ProxyJvm(home.resolve("bin/java"), 25, jar.toString(), tmp).aotCache();
        assertNotEquals(before, rebuilt);
        Files.writeString(home.resolve("release"), "JAVA_VERSION=\"25.0.4\"\n");
        assertNotEquals(rebuilt, new ProxyJvm(home.resolve("bin/java"), 25, jar.toString(), tmp).aotCache());
    }
}
