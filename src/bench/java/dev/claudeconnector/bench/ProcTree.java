package dev.claudeconnector.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Figures of a whole process tree (the process launched and all its descendants: {@code java -jar}
 * may be a launcher JVM with the real one as its child), read from /proc: RSS and its high-water
 * mark from {@code status}, CPU time from {@code stat}. A process that exits between listing and
 * reading counts as 0.
 */
final class ProcTree {
    private ProcTree() {
    }

    /** The root (if alive) and its live descendants. */
    static List<ProcessHandle> of(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>();
        if (root.isAlive()) {
            all.add(root);
        }
        root.descendants().filter(ProcessHandle::isAlive).forEach(all::add);
        return all;
    }

    /** Sum of VmRSS, kB. */
    static long rssKb(List<ProcessHandle> tree) {
        return sumStatus(tree, "VmRSS:");
    }

    /** Sum of VmHWM (each process's peak RSS), kB. */
    static long hwmKb(List<ProcessHandle> tree) {
        return sumStatus(tree, "VmHWM:");
    }

    /** Sum of utime + stime, clock ticks. */
    static long cpuTicks(List<ProcessHandle> tree) {
        return cpuTicksByPid(tree).values().stream().mapToLong(Long::longValue).sum();
    }

    /** utime + stime of each process, clock ticks. */
    static Map<Long, Long> cpuTicksByPid(List<ProcessHandle> tree) {
        Map<Long, Long> ticks = new LinkedHashMap<>();
        for (ProcessHandle p : tree) {
            try {
                String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
                // fields after "pid (comm) ": state is field 3, utime 14, stime 15
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks.put(p.pid(), Long.parseLong(f[11]) + Long.parseLong(f[12]));
            } catch (IOException | RuntimeException gone) {
                // exited
            }
        }
        return ticks;
    }

    /**
     * utime + stime of the HotSpot JIT compiler threads of every process (threads named
     * {@code C1 CompilerThreadN} / {@code C2 CompilerThreadN}, cut to 15 characters in /proc), clock ticks.
     */
    static long compilerTicks(List<ProcessHandle> tree) {
        long ticks = 0;
        for (ProcessHandle p : tree) {
            try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(p.pid()), "task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    ticks += compilerTicks(task);
                }
            } catch (IOException | RuntimeException gone) {
                // exited
            }
        }
        return ticks;
    }

    private static long compilerTicks(Path task) {
        try {
            String stat = Files.readString(task.resolve("stat"));
            String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
            if (!comm.startsWith("C1 CompilerThre") && !comm.startsWith("C2 CompilerThre")) {
                return 0;
            }
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException gone) {
            return 0; // the thread ended
        }
    }

    /**
     * CPU time the whole machine spent busy (all CPUs, /proc/stat: user + nice + system + steal), clock
     * ticks. Not irq and softirq: loopback traffic is processed there, charged to no process, and
     * most of it is the benchmark's own.
     */
    static long machineBusyTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 8}) {
                busy += Long.parseLong(f[i]);
            }
            return busy;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long sumStatus(List<ProcessHandle> tree, String key) {
        long sum = 0;
        for (ProcessHandle p : tree) {
            sum += statusKb(p.pid(), key);
        }
        return sum;
    }

    static long statusKb(long pid, String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).replace("kB", "").trim());
                }
            }
        } catch (IOException | RuntimeException gone) {
            // exited
        }
        return 0;
    }

    /** One line per process: pid, parent, RSS and the command line (long arguments shortened). */
    static List<String> describe(List<ProcessHandle> tree) {
        List<String> lines = new ArrayList<>();
        for (ProcessHandle p : tree) {
            String cmd = cmdline(p.pid()).replaceAll("(-XX:SharedArchiveFile=)\\S*/", "$1…/");
            lines.add(String.format("pid %d (parent %s, RSS %.0f MiB): %s", p.pid(),
                    p.parent().map(h -> Long.toString(h.pid())).orElse("?"), statusKb(p.pid(), "VmRSS:") / 1024.0, cmd));
        }
        return lines;
    }

    static String cmdline(long pid) {
        List<String> arguments = arguments(pid);
        return arguments.isEmpty() ? "?" : String.join(" ", arguments);
    }

    /** A process's command line, one element per argument (/proc/pid/cmdline); empty when it cannot be read. */
    static List<String> arguments(long pid) {
        return nulSeparated(Path.of("/proc", Long.toString(pid), "cmdline"));
    }

    /** A process's environment as it was started (/proc/pid/environ); empty when it cannot be read. */
    static Map<String, String> environment(long pid) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (String entry : nulSeparated(Path.of("/proc", Long.toString(pid), "environ"))) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                environment.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return environment;
    }

    private static List<String> nulSeparated(Path file) {
        try {
            String raw = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
            return raw.isEmpty() ? List.of() : List.of(raw.split("\0"));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The executable of a process (/proc/pid/exe), or empty. */
    static String exe(long pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "exe")).toString();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** Processes (other than this one) whose command line or environment mentions {@code text}. */
    static List<Long> mentioning(String text) {
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        long self = ProcessHandle.current().pid();
        List<Long> found = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                long pid = Long.parseLong(p.getFileName().toString());
                if (pid != self && (contains(p.resolve("cmdline"), needle) || contains(p.resolve("environ"), needle))) {
                    found.add(pid);
                }
            });
        } catch (IOException e) {
            // no /proc: nothing to wait for
        }
        return found;
    }

    private static boolean contains(Path file, byte[] needle) {
        try {
            byte[] raw = Files.readAllBytes(file);
            return StandIn.indexOf(raw, raw.length, needle) >= 0;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Samples the tree's summed VmRSS every 50 ms on a daemon thread; {@link #stop} gives the largest seen. */
    static final class RssSampler {
        private final ProcessHandle root;
        private volatile boolean running = true;
        private volatile long maxKb;
        private final Thread thread;

        RssSampler(ProcessHandle root) {
            this.root = root;
            this.thread = new Thread(this::run, "rss-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            List<ProcessHandle> tree = of(root);
            long lastListing = System.nanoTime();
            while (running) {
                if (System.nanoTime() - lastListing > 1_000_000_000L) { // listing descendants scans all of /proc
                    tree = of(root);
                    lastListing = System.nanoTime();
                }
                maxKb = Math.max(maxKb, rssKb(tree));
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long stop() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join();
            return maxKb;
        }
    }
}
