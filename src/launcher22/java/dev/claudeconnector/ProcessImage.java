package dev.claudeconnector;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Replaces this process with another program through POSIX {@code execve}: the proxy's JVM then
 * runs under the same process id, in the same terminal session, and gets Ctrl-C and SIGTERM itself,
 * with no launcher JVM waiting beside it. Through the jar's JNI library ({@link ExecLibrary}), else
 * through the foreign function API (final since JDK 22; its first downcall costs 0.11 s of a start).
 * Not on Windows, which has no {@code execve} worth the name.
 */
final class ProcessImage {
    private ProcessImage() {
    }

    /**
     * Runs {@code command} in place of this process, with exactly {@code environment}.
     *
     * @return only when it could not (then this process goes on, and the caller starts a child instead)
     */
    static boolean replace(List<String> command, Map<String, String> environment) {
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return false;
        }
        return ExecLibrary.replace(command, environment) || viaForeignFunctions(command, environment);
    }

    private static boolean viaForeignFunctions(List<String> command, Map<String, String> environment) {
        try {
            Linker linker = Linker.nativeLinker();
            Optional<MemorySegment> symbol = linker.defaultLookup().find("execve");
            if (symbol.isEmpty()) {
                return false;
            }
            MethodHandle execve = linker.downcallHandle(symbol.get(), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS));
            List<String> env = new ArrayList<>();
            environment.forEach((name, value) -> env.add(name + "=" + value));
            System.out.flush();
            System.err.flush();
            try (Arena arena = Arena.ofConfined()) {
                int failed = (int) execve.invokeExact(arena.allocateFrom(command.get(0)), strings(arena, command),
                        strings(arena, env));
                return failed == 0; // execve returns only on failure (-1)
            }
        } catch (Throwable unavailable) {
            // native access refused, or the call itself failed
            return false;
        }
    }

    /** A NULL-terminated array of C strings, as execve takes its arguments and environment. */
    private static MemorySegment strings(Arena arena, List<String> values) {
        MemorySegment array = arena.allocate(ValueLayout.ADDRESS, values.size() + 1L);
        for (int i = 0; i < values.size(); i++) {
            array.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(values.get(i)));
        }
        array.setAtIndex(ValueLayout.ADDRESS, values.size(), MemorySegment.NULL);
        return array;
    }
}
