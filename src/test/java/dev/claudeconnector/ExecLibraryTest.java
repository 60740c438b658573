package dev.claudeconnector;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The launcher's execve library: where the jar keeps it for a machine, and its one copy on disk. */
class ExecLibraryTest {
    @TempDir
    Path tmp;

    @Test
    void theJarKeepsOneLibraryPerSystemAndProcessorAsJavaNamesThem() {
        assertEquals("native/linux-amd64/libconnector-exec.so", ExecLibrary.resource("Linux", "amd64"));
        assertEquals("native/linux-aarch64/libconnector-exec.so", ExecLibrary.resource("Linux", "aarch64"));
        assertEquals("native/mac-aarch64/libconnector-exec.dylib", ExecLibrary.resource("Mac OS X", "aarch64"));
        assertNull(ExecLibrary.resource("Windows 11", "amd64"), "no execve on Windows");
    }

    @Test
    void theLibraryIsCopiedOnceOwnerOnlyAndAnotherBuildsCopyReplacesIt() throws Exception {
        Path cache = tmp.resolve("cache");
        byte[] first = "first build".getBytes(StandardCharsets.UTF_8);
        Path copy = ExecLibrary.copied(first, cache, "libconnector-exec.so");
        assertTrue(copy.getFileName().toString().matches("libconnector-exec-[0-9a-f]+\\.so"), copy.toString());
        assertArrayEquals(first, Files.readAllBytes(copy));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)));
        long written = Files.getLastModifiedTime(copy).toMillis();
        Files.setLastModifiedTime(copy, java.nio.file.attribute.FileTime.fromMillis(written - 60_000));
        assertEquals(copy, ExecLibrary.copied(first, cache, "libconnector-exec.so"));
        assertEquals(written - 60_000, Files.getLastModifiedTime(copy).toMillis(), "the same library is not written again");

        Files.write(copy, "tampered".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(first, Files.readAllBytes(ExecLibrary.copied(first, cache, "libconnector-exec.so")),
                "a file that differs from the jar's library is replaced");

        Path other = Files.writeString(cache.resolve("agent-0000.aot"), "not ours");
        Path second = ExecLibrary.copied("second build".getBytes(StandardCharsets.UTF_8), cache, "libconnector-exec.so");
        assertNotEquals(copy, second);
        try (Stream<Path> files = Files.list(cache)) {
            assertEquals(List.of(other.getFileName().toString(), second.getFileName().toString()),
                    files.map(f -> f.getFileName().toString()).sorted().toList(), "the older copy is gone, nothing else");
        }
        assertFalse(Files.exists(copy));
    }
}
