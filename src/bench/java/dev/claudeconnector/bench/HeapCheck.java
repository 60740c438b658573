package dev.claudeconnector.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * After everything is measured: what the RSS growth is made of. Asks the proxy's JVM (with the JDK's
 * {@code jcmd}) for its Java heap before and after a forced full GC: growth that a GC frees is a heap
 * the JVM was allowed to grow (no -Xmx), growth that stays would be a leak.
 */
final class HeapCheck {
    /** A generation's line (serial and parallel: "DefNew total …K, used …K"), or G1's whole heap ("committed …K, used …K"). */
    private static final Pattern HEAP = Pattern.compile("(?:total|committed) (\\d+)K, used (\\d+)K");

    private HeapCheck() {
    }

    /** One sentence for the report, or why it could not be asked. */
    static String of(List<ProcessHandle> tree) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        if (tree.isEmpty() || !Files.isExecutable(jcmd)) {
            return "heap check skipped (no jcmd beside the harness's java)";
        }
        ProcessHandle jvm = tree.get(0);
        for (ProcessHandle p : tree) { // the proxy is the tree's biggest process
            if (ProcTree.statusKb(p.pid(), "VmRSS:") > ProcTree.statusKb(jvm.pid(), "VmRSS:")) {
                jvm = p;
            }
        }
        String pid = Long.toString(jvm.pid());
        String before = heap(jcmd, pid);
        run(jcmd, pid, "GC.run");
        String after = heap(jcmd, pid);
        return String.format("Java heap of pid %s (jcmd GC.heap_info): before a forced full GC %s; after it %s; RSS then"
                + " %.0f MB", pid, before, after, ProcTree.statusKb(jvm.pid(), "VmRSS:") / 1024.0);
    }

    private static String heap(Path jcmd, String pid) {
        String out = run(jcmd, pid, "GC.heap_info");
        Matcher m = HEAP.matcher(out);
        long committed = 0;
        long used = 0;
        boolean found = false;
        while (m.find()) { // the generations add up
            committed += Long.parseLong(m.group(1));
            used += Long.parseLong(m.group(2));
            found = true;
        }
        return found ? String.format("%.0f MB used of %.0f MB committed", used / 1024.0, committed / 1024.0)
                : "unknown (" + out.strip().replace('\n', ' ') + ")";
    }

    private static String run(Path jcmd, String pid, String command) {
        try {
            Process p = new ProcessBuilder(jcmd.toString(), pid, command).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException | InterruptedException e) {
            return e.toString();
        }
    }
}
