package dev.claudeconnector;

import java.util.List;
import java.util.Map;

/**
 * Replaces this process with another program (POSIX {@code execve}), so the proxy's own JVM takes
 * over this process id, terminal and signals and no waiting launcher JVM stays behind: through the
 * jar's JNI library ({@link ExecLibrary}). On JDK 22+ the jar's {@code META-INF/versions/22} copy
 * falls back to the foreign function API where the jar holds no library for this machine.
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
        return ExecLibrary.replace(command, environment);
    }
}
