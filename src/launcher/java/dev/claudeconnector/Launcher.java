package dev.claudeconnector;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The jar's entry point, compiled for Java 11 so that {@code java -jar agent.jar} works even where
 * the default {@code java} is older than the 21 that Helidon needs: on 21+ it calls the real main
 * directly; on an older JVM it looks for an installed JDK/JRE 21+ and re-runs the same jar with it,
 * or says plainly what to install. {@code serve} always runs in a JVM started with the options of
 * {@link ProxyJvm}, which takes this one's place ({@link ProcessImage}) and is its child where it cannot.
 */
public final class Launcher {
    private static final int NEEDED = 21;

    private Launcher() {
    }

    public static void main(String[] args) throws Exception {
        int running = Runtime.version().feature();
        boolean serve = args.length > 0 && args[0].equals("serve");
        if (running >= NEEDED && (!serve || System.getProperty(ProxyJvm.LAUNCHED) != null)) {
            try {
                Class.forName(ProxyJvm.MAIN).getMethod("main", String[].class).invoke(null, (Object) args);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
            }
            return;
        }
        Path java = running >= NEEDED ? Paths.get(System.getProperty("java.home"), "bin", "java") : findJava();
        if (java == null) {
            System.err.println("error: claude-connector needs Java " + NEEDED + " or newer, and this is Java " + running
                    + ". Install a JDK 21+ (e.g. Temurin from https://adoptium.net) and set JAVA_HOME, or run"
                    + " it as /path/to/jdk-21/bin/java -jar agent.jar");
            System.exit(1);
        }
        String classPath = System.getProperty("java.class.path");
        List<String> command;
        Map<String, String> environment;
        if (serve) {
            int feature = running >= NEEDED ? running : releaseOf(java.getParent().getParent());
            command = new ProxyJvm(java, feature, classPath, ProxyJvm.cacheFolder()).command(args);
            environment = ProxyJvm.environment(System.getenv());
        } else {
            command = new ArrayList<>(Arrays.asList(java.toString(), "-cp", classPath, ProxyJvm.MAIN));
            command.addAll(Arrays.asList(args));
            environment = System.getenv();
        }
        // The proxy's JVM takes this process's place where it can (not on Windows); else it runs as a child.
        if (ProcessImage.replace(command, environment)) {
            return;
        }
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process child = builder.start();
        // Ctrl-C reaches the child from the terminal itself; this waiting parent must outlive it
        // and return its exit code (and never strand an interactive child such as claude).
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> { });
        } catch (IllegalArgumentException unsupported) {
            // no SIGINT on this platform
        }
        Runtime.getRuntime().addShutdownHook(new Thread(child::destroy));
        System.exit(child.waitFor());
    }

    /** The newest Java 21+ among JAVA_HOME and the usual install folders, by each home's {@code release} file. */
    private static Path findJava() {
        List<Path> homes = new ArrayList<>();
        String javaHome = System.getenv("JAVA_HOME");
        if (javaHome != null && !javaHome.isEmpty()) {
            homes.add(Paths.get(javaHome));
        }
        String userHome = System.getProperty("user.home");
        for (String parent : new String[] {"/usr/lib/jvm", "/opt/java", "/usr/java", "/opt",
                "/Library/Java/JavaVirtualMachines", userHome + "/.sdkman/candidates/java", userHome + "/.jdks"}) {
            File[] children = new File(parent).listFiles();
            if (children == null) {
                continue;
            }
            for (File child : children) {
                homes.add(child.toPath());
                homes.add(child.toPath().resolve("Contents/Home"));
            }
        }
        Path best = null;
        int bestVersion = 0;
        for (Path home : homes) {
            Path java = home.resolve("bin").resolve("java");
            int version = releaseOf(home);
            if (version >= NEEDED && version > bestVersion && Files.isExecutable(java)) {
                best = java;
                bestVersion = version;
            }
        }
        return best;
    }

    private static int releaseOf(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"), StandardCharsets.UTF_8)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    String first = v.split("[._+-]")[0];
                    return Integer.parseInt(first.equals("1") ? v.split("[._]")[1] : first);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not a Java home
        }
        return 0;
    }
}
