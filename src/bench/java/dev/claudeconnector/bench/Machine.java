package dev.claudeconnector.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the report says about the machine and the javas involved. */
final class Machine {
    private Machine() {
    }

    /** "Intel(R) Xeon(R) … , 2 cores, 23.5 GiB RAM" from /proc/cpuinfo and /proc/meminfo. */
    static String describe() {
        String model = "unknown CPU";
        int cores = 0;
        long memKb = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name") && model.equals("unknown CPU")) {
                    model = line.substring(line.indexOf(':') + 1).strip();
                } else if (line.startsWith("processor")) {
                    cores++;
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    memKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: say what we know
        }
        return String.format("%s, %d cores, %.1f GiB RAM", model, cores, memKb / 1024.0 / 1024.0);
    }

    /** {@code <java> -version} in short: {@code 25.0.3, OpenJDK Runtime Environment Temurin-25.0.3+9 (build 25.0.3+9-LTS)}. */
    static String version(String java) {
        try {
            Process p = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            p.waitFor(30, TimeUnit.SECONDS);
            List<String> lines = new String(out, StandardCharsets.UTF_8).lines().toList();
            if (lines.isEmpty()) {
                return "?";
            }
            String v = lines.get(0).replaceAll("^[^\"]*\"([^\"]*)\".*", "$1");
            return v + (lines.size() > 1 ? ", " + lines.get(1).strip() : "");
        } catch (IOException | InterruptedException e) {
            return "cannot run " + java + ": " + e.getMessage();
        }
    }

    /** Where a command name on PATH resolves to, following links; the name itself if not found. */
    static String resolve(String command) {
        if (command.contains("/")) {
            return realPath(Path.of(command));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, command);
            if (Files.isExecutable(p)) {
                return realPath(p);
            }
        }
        return command;
    }

    private static String realPath(Path p) {
        try {
            return p.toRealPath().toString();
        } catch (IOException e) {
            return p.toString();
        }
    }

    /**
     * Which javas ran serve: {@code java = /usr/lib/…/java-17…/bin/java (17.0.15, …), whose launcher started
     * /usr/lib/jvm/temurin-25…/bin/java (25.0.3, …)}.
     */
    static String javaChain(String javaSetting, List<ProcessHandle> tree) {
        String root = ProcTree.exe(tree.get(0).pid());
        StringBuilder b = new StringBuilder(javaSetting + " = " + root + " (" + version(root) + ")");
        for (ProcessHandle p : tree.subList(1, tree.size())) {
            String exe = ProcTree.exe(p.pid());
            b.append(", whose launcher started ").append(exe).append(" (").append(version(exe)).append(")");
        }
        return b.toString();
    }

    /** The line above the table: date, machine, the javas. */
    static String header(String javaChain, int bodyBytes) {
        return String.format("Runtime figures, %s, on %s. serve: `java -jar target/agent.jar serve` with JAVA=%s."
                        + " Default `java` on PATH: %s. Request body %,d bytes.",
                ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")), describe(), javaChain,
                version(resolve("java")), bodyBytes);
    }

    /** {@code getconf CLK_TCK} (the unit of /proc's CPU times), 100 if it cannot be asked. */
    static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            return Long.parseLong(out);
        } catch (IOException | RuntimeException e) {
            return 100;
        }
    }
}
