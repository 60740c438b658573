package dev.claudeconnector.config;

import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * How the user runs this program, for advice such as "run 'java -jar target/agent.jar login'": the
 * jar as they reached it (relative to the current folder when it lies below it), or what the
 * {@value #PROPERTY} system property says (an installed launcher sets it). Outside a jar (tests,
 * an IDE) it is the build's own {@code java -jar target/agent.jar}.
 */
public final class Invocation {
    public static final String PROPERTY = "connector.command";
    private static final String BUILT = "java -jar target/agent.jar";
    private static volatile String command;

    private Invocation() {
    }

    /** The command that starts this program, without a command word. */
    public static String command() {
        String c = command;
        if (c == null) {
            c = System.getProperty(PROPERTY, "").isBlank() ? fromJar() : System.getProperty(PROPERTY).strip();
            command = c;
        }
        return c;
    }

    /** The command followed by {@code words}, e.g. {@code of("login")}. */
    public static String of(String words) {
        return command() + " " + words;
    }

    private static String fromJar() {
        try {
            return describe(Path.of(Invocation.class.getProtectionDomain().getCodeSource().getLocation().toURI()),
                    Path.of(""));
        } catch (URISyntaxException | RuntimeException unknown) {
            return BUILT;
        }
    }

    /** {@code java -jar <jar>}: relative to {@code cwd} when below it, quoted when the shell would split it. */
    static String describe(Path codeSource, Path cwd) {
        Path jar = codeSource.toAbsolutePath().normalize();
        if (!jar.getFileName().toString().endsWith(".jar")) {
            return BUILT;
        }
        Path here = cwd.toAbsolutePath().normalize();
        String shown = (jar.startsWith(here) ? here.relativize(jar) : jar).toString();
        return "java -jar " + (shown.matches("[\\w./@%+=:,-]+") ? shown : "\"" + shown + "\"");
    }
}
