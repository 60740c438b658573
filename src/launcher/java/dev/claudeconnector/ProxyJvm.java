package dev.claudeconnector;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * How the proxy's JVM is started, so that it stays small and starts fast without the user adding
 * a flag: one serial collector and a heap sized for a local proxy (it grows for a large request and
 * gives the memory back after), a capped code cache and compiler memory, glibc held to two malloc
 * arenas and trimmed, and a class cache. On JDK 25+ that cache is an ahead-of-time cache (classes parsed, verified and
 * loaded; method profiles) made once per jar and JDK by a short training run in the background ({@code
 * train}), used from the next start on; on JDK 21–24 the JVM keeps a dynamic class-data archive.
 * Java 11 code: the launcher uses it before any JDK 21+ runs.
 */
final class ProxyJvm {
    /** Set on the proxy's own JVM, so its launcher does not start it again. */
    static final String LAUNCHED = "connector.launched";
    static final String MAIN = "dev.claudeconnector.cli.Main";
    /** The user's own JVM options for the proxy, after (so over) the ones chosen here, e.g. -Xmx512m. */
    static final String OPTIONS_ENV = "CLAUDE_CONNECTOR_JAVA_OPTIONS";
    private static final Duration STALE_TRAINING = Duration.ofMinutes(10);

    private final Path java;
    private final int feature;
    private final String classPath;
    private final Path cache;

    ProxyJvm(Path java, int feature, String classPath, Path cache) {
        this.java = java;
        this.feature = feature;
        this.classPath = classPath;
        this.cache = cache;
    }

    /** The whole command that runs the program with {@code args} in a lean JVM. */
    List<String> command(String... args) {
        List<String> extra = new ArrayList<>(classData());
        extra.addAll(ownOptions(System.getenv(OPTIONS_ENV)));
        return jvm(extra, args);
    }

    /** This java with the lean options, then {@code extra}, then the program, marked as launched, with {@code args}. */
    private List<String> jvm(List<String> extra, String... args) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(options());
        command.addAll(extra);
        command.addAll(Arrays.asList("-D" + LAUNCHED + "=true", "-cp", classPath, MAIN));
        command.addAll(Arrays.asList(args));
        return command;
    }

    /** The options that size the JVM for a local proxy. */
    List<String> options() {
        List<String> options = new ArrayList<>(Arrays.asList(
                "-XX:+UseSerialGC",
                // A young generation whose survivor spaces (2 MB each) hold most of the requests in
                // flight (1.1-1.7 MB live at a young collection under 32 at once), so their objects
                // die young instead of filling the old generation, and whose 12 MB eden is collected
                // about once per 90 requests of ~140 KB each; a 16 MB old generation for the ~6-8 MB
                // that live there; the heap may grow to 256 MB for a very large request (Claude
                // Code sends up to 32 MB) and shrinks after.
                "-Xms32m", "-Xmn16m", "-XX:SurvivorRatio=6", "-XX:TargetSurvivorRatio=90", "-Xmx256m",
                "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30",
                "-XX:ReservedCodeCacheSize=48m"));
        if (feature >= 22) {
            options.add("-XX:TrimNativeHeapInterval=5000"); // hand freed malloc memory back to the system
        }
        if (feature >= 25) {
            options.add("-XX:+UseCompactObjectHeaders"); // 8-byte object headers: a smaller heap for the same work
            // C2 took up to 32 MB for one compilation of the proxy's paths with everything inlined,
            // the peak's largest passing part; past 12 MB a method keeps C1's code (its callees get
            // C2's): peak 150-158 MB against 155-195, CPU per request the same (README, Benchmarks).
            options.add("-XX:CompileCommand=quiet");
            options.add("-XX:CompileCommand=MemLimit,*.*,12m");
        }
        return options;
    }

    static List<String> ownOptions(String value) {
        List<String> own = new ArrayList<>();
        if (value != null) {
            for (String option : value.trim().split("\\s+")) {
                if (!option.isEmpty()) {
                    own.add(option);
                }
            }
        }
        return own;
    }

    /**
     * glibc's malloc: it keeps up to 8 arenas per core, each holding freed memory, where two serve a
     * proxy; and it serves blocks of 32 KB and more (C2's large compilation arenas) from their own
     * mappings, handed back when freed, instead of raising that threshold to the largest block freed
     * so far, which left a warming-up JIT's arenas in its heap (RSS after a load ~3 MB lower on average, README).
     */
    static Map<String, String> environment(Map<String, String> current) {
        Map<String, String> environment = new HashMap<>(current);
        environment.putIfAbsent("MALLOC_ARENA_MAX", "2");
        environment.putIfAbsent("MALLOC_MMAP_THRESHOLD_", "32768");
        return environment;
    }

    private List<String> classData() {
        if (!classPath.endsWith(".jar") || classPath.contains(File.pathSeparator) || !prepared(cache)) {
            return new ArrayList<>();
        }
        if (feature < 25) {
            Path archive = cache.resolve("agent-" + Integer.toHexString(Paths.get(classPath).toAbsolutePath().toString().hashCode()) + ".jsa");
            return Arrays.asList("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + archive,
                    "-Xlog:cds=off,cds+dynamic=off");
        }
        Path aot = aotCache();
        if (Files.isRegularFile(aot)) {
            removeOthers(aot);
            List<String> options = new ArrayList<>(Arrays.asList("-XX:AOTCache=" + aot, "-Xlog:aot*=off,cds*=off"));
            if (feature <= 26) {
                // The training replay looks for profiles at every class initialisation even in a cache without
                // them: 0.05-0.1 s of a start. A diagnostic switch, so only on the JDKs known to have it.
                options.addAll(Arrays.asList("-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTReplayTraining"));
            }
            return options;
        }
        trainInBackground(aot);
        return new ArrayList<>();
    }

    /** One cache per jar (path, size, time) and JDK (home, release): a rebuild or an update makes a new one. */
    Path aotCache() {
        Path jar = Paths.get(classPath).toAbsolutePath();
        Path home = java.toAbsolutePath().getParent().getParent();
        StringBuilder identity = new StringBuilder(jar.toString());
        try {
            identity.append('|').append(Files.size(jar)).append('|').append(Files.getLastModifiedTime(jar).toMillis());
            identity.append('|').append(home).append('|').append(new String(Files.readAllBytes(home.resolve("release")), StandardCharsets.UTF_8));
        } catch (IOException unreadable) {
            identity.append("|?");
        }
        return cache.resolve("agent-" + hash(jar.toString()).substring(0, 8) + "-" + hash(identity.toString()) + ".aot");
    }

    /**
     * Runs {@code train} in a JVM of the same options that writes the cache on exit, in the
     * background (its own session, lower priority, after the proxy has started), into a temporary
     * file moved into place only when complete. One training at a time; a failed one is not retried
     * for this jar and JDK (its output stays in the {@code .failed} file).
     */
    private void trainInBackground(Path aot) {
        Path failed = Paths.get(aot + ".failed");
        Path lock = Paths.get(aot + ".training");
        if (Files.exists(failed) || !lock(lock) || !new File("/bin/sh").canExecute()) {
            return;
        }
        List<String> command = new ArrayList<>();
        if (new File("/usr/bin/setsid").canExecute()) {
            command.add("/usr/bin/setsid");
        }
        // The shell leaves the training behind it in the background and exits at once: the training
        // is nobody's child then, so stopping the proxy (or a benchmark's process tree) spares it.
        command.addAll(Arrays.asList("/bin/sh", "-c",
                "( sleep 3; nice -n 10 \"$@\" > \"$AOT.log\" 2>&1 && test -s \"$AOT.tmp\" && mv -f \"$AOT.tmp\" \"$AOT\""
                        + " || mv -f \"$AOT.log\" \"$AOT.failed\"; rm -f \"$AOT.log\" \"$AOT.tmp\" \"$AOT.tmp.config\";"
                        + " rmdir \"$AOT.training\" ) > /dev/null 2>&1 < /dev/null &",
                "train"));
        // Classes also linked ahead of time (JDK 25's default): lambdas and constant pool entries
        // resolved in the cache halve the proxy JVM's start (1.75 → 0.95 s, README, Benchmarks). No method
        // profiles in it: replayed, they kept both compilers busy through the start (~1,500 methods before the
        // first answer), which took 0.07 s longer for the same speed once warm. The switch is a diagnostic
        // one, so a JDK without it trains all the same.
        command.addAll(jvm(Arrays.asList("-XX:+IgnoreUnrecognizedVMOptions", "-XX:+UnlockDiagnosticVMOptions",
                "-XX:-AOTRecordTraining", "-XX:AOTCacheOutput=" + aot + ".tmp"), "train"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(environment(System.getenv()));
        builder.environment().put("AOT", aot.toString());
        try {
            builder.start();
        } catch (IOException e) {
            unlock(lock);
        }
    }

    private static boolean lock(Path lock) {
        try {
            Files.createDirectory(lock);
            return true;
        } catch (IOException held) {
            try {
                FileTime since = Files.getLastModifiedTime(lock);
                if (since.toInstant().isBefore(Instant.now().minus(STALE_TRAINING))) {
                    unlock(lock); // a training that died; the next start tries again
                }
            } catch (IOException gone) {
                // finished meanwhile
            }
            return false;
        }
    }

    private static void unlock(Path lock) {
        try {
            Files.deleteIfExists(lock);
        } catch (IOException e) {
            // stale lock; it expires
        }
    }

    /** Caches of earlier builds of this same jar are of no more use. */
    private void removeOthers(Path aot) {
        String name = aot.getFileName().toString();
        removeOthers(cache, name.substring(0, "agent-".length() + 8) + "-", name);
    }

    /**
     * Removes the files in {@code folder} whose names start with {@code prefix} and end like {@code
     * kept}'s, except {@code kept}. Without a glob: its regex costs a launch milliseconds.
     */
    static void removeOthers(Path folder, String prefix, String kept) {
        String extension = kept.substring(kept.lastIndexOf('.'));
        String[] names = folder.toFile().list();
        for (String name : names == null ? new String[0] : names) {
            if (name.startsWith(prefix) && name.endsWith(extension) && !name.equals(kept)) {
                try {
                    Files.deleteIfExists(folder.resolve(name));
                } catch (IOException e) {
                    // left for the next start
                }
            }
        }
    }

    private static boolean prepared(Path cache) {
        try {
            Files.createDirectories(cache);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** 16 hex digits naming {@code text}: two CRC-32s (the JDK's own, native), not a digest, which costs a start 30 ms. */
    private static String hash(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        CRC32 forward = new CRC32();
        forward.update(bytes);
        CRC32 salted = new CRC32();
        salted.update(bytes.length);
        salted.update(bytes);
        String hex = Long.toHexString(forward.getValue() << 32 | salted.getValue());
        return "0000000000000000".substring(hex.length()) + hex;
    }

    /** The per-user cache folder, as UserHome.cache() finds it: XDG_CACHE_HOME, else HOME's .cache. */
    static Path cacheFolder() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        String home = System.getenv("HOME");
        Path cache = xdg != null && !xdg.isEmpty() ? Paths.get(xdg)
                : Paths.get(home != null && !home.isEmpty() ? home : System.getProperty("user.home"), ".cache");
        return cache.resolve("claude-connector");
    }
}
