package dev.claudeconnector;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * POSIX {@code execve} through a JNI library of a few lines ({@code src/launcher/c/exec.c}) that the
 * build compiles for its own machine into the jar's {@code native/<os>-<arch>/}. Loading it and
 * calling it costs about 3 ms, where the foreign function API's first downcall costs 0.11 s of a
 * start, and it works on the Java 11+ a launcher may run on. A JVM loads a library only from a file,
 * so the library is copied once into the per-user cache folder, under a name that carries its CRC.
 * Java 11 code, and no lambdas: each would cost the launcher a class spun at run time.
 */
final class ExecLibrary {
    private static final String NAME = "connector-exec";

    private ExecLibrary() {
    }

    /** Replaces this process; returns execve's errno when it could not (it returns only then). */
    private static native int execve(byte[][] argv, byte[][] envp);

    /**
     * Runs {@code command} in place of this process, with exactly {@code environment}.
     *
     * @return false, and only when it could not: this jar holds no library for this machine, the
     *         library would not load (another C library, say) or execve failed
     */
    static boolean replace(List<String> command, Map<String, String> environment) {
        String resource = resource(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
        if (resource == null) {
            return false;
        }
        try {
            byte[] library = read(Paths.get(System.getProperty("java.class.path", "")), resource);
            if (library == null) {
                return false;
            }
            String file = resource.substring(resource.lastIndexOf('/') + 1);
            System.load(copied(library, ProxyJvm.cacheFolder(), file).toAbsolutePath().toString());
            Charset encoding = fileNameEncoding();
            byte[][] argv = new byte[command.size()][];
            for (int i = 0; i < argv.length; i++) {
                argv[i] = command.get(i).getBytes(encoding);
            }
            byte[][] envp = new byte[environment.size()][];
            int i = 0;
            for (Map.Entry<String, String> variable : environment.entrySet()) {
                envp[i++] = (variable.getKey() + "=" + variable.getValue()).getBytes(encoding);
            }
            System.out.flush();
            System.err.flush();
            execve(argv, envp);
            return false;
        } catch (IOException | RuntimeException | UnsatisfiedLinkError unusable) {
            return false;
        }
    }

    /**
     * {@code resource} from the jar (or folder of classes) this runs from; null when it is not there.
     * Read straight from the jar, which the JVM holds open already: the class loader's way would first
     * search the JDK's modules (6 ms of a launch).
     */
    private static byte[] read(Path classPath, String resource) throws IOException {
        if (Files.isDirectory(classPath)) {
            Path file = classPath.resolve(resource);
            return Files.isRegularFile(file) ? Files.readAllBytes(file) : null;
        }
        try (ZipFile jar = new ZipFile(classPath.toFile())) {
            ZipEntry entry = jar.getEntry(resource);
            if (entry == null) {
                return null;
            }
            try (InputStream in = jar.getInputStream(entry)) {
                return in.readAllBytes();
            }
        }
    }

    /** Where this jar keeps the library for a machine, as the build's {@code compile} script names it; null for none. */
    static String resource(String osName, String osArch) {
        String os = osName.startsWith("Linux") ? "linux" : osName.startsWith("Mac OS X") ? "mac" : null;
        if (os == null) {
            return null;
        }
        String file = os.equals("mac") ? "lib" + NAME + ".dylib" : "lib" + NAME + ".so";
        return "native/" + os + "-" + osArch.toLowerCase(Locale.ROOT) + "/" + file;
    }

    /**
     * The library's file in {@code folder}: {@code name} with the library's CRC before its extension
     * ({@code libconnector-exec-1a2b3c4d.so}), written (owner only, whole, by rename) when missing or
     * different; other versions of it are removed then.
     */
    static Path copied(byte[] library, Path folder, String name) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(library);
        int dot = name.lastIndexOf('.');
        String prefix = name.substring(0, dot) + "-";
        Path file = folder.resolve(prefix + Long.toHexString(crc.getValue()) + name.substring(dot));
        if (Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), library)) {
            return file;
        }
        Files.createDirectories(folder);
        ProxyJvm.removeOthers(folder, prefix, file.getFileName().toString());
        Path part = Files.createTempFile(folder, prefix, ".part");
        try {
            Files.write(part, library);
            try {
                Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException notPosix) {
                // the folder's own permissions apply
            }
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(part);
        }
        return file;
    }

    /** How the JDK itself encodes file names and arguments for the system (what ProcessBuilder uses). */
    private static Charset fileNameEncoding() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding"));
        } catch (RuntimeException unknown) {
            return Charset.defaultCharset();
        }
    }
}
