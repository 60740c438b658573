package dev.claudeconnector.config;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Earlier versions kept {@code .auth.env} and {@code profiles/default} in the repository folder.
 * When the per-user home has none yet and the repository the running jar was built in has them,
 * they are moved once into the home (the auth file kept at mode 0600, the profile at 0700), and
 * the caller tells the user what moved. Only the default locations are ever moved: a path given by
 * flag, environment or config file is the user's choice and stays.
 */
public final class LegacyLayout {
    private LegacyLayout() {
    }

    /** The repository the running jar lives in ({@code <repo>/target/agent.jar}); empty outside a jar. */
    public static Optional<Path> repositoryOfRunningJar() {
        return Invocation.runningJar().map(Path::getParent)
                .filter(folder -> folder.getFileName() != null && "target".equals(folder.getFileName().toString()))
                .map(Path::getParent);
    }

    /**
     * Moves the repository's {@code .auth.env} and {@code profiles/default} into the home when the
     * settings use the home's defaults and those do not exist yet.
     *
     * @return one sentence per move, for the user; empty when nothing moved
     */
    public static List<String> moveIntoHome(Path repository, Settings settings) throws IOException {
        List<String> moved = new ArrayList<>();
        UserHome home = settings.home();
        Path oldAuth = repository.resolve(".auth.env");
        if (settings.authFile().equals(home.authFile()) && !Files.exists(home.authFile()) && Files.isRegularFile(oldAuth)) {
            move(oldAuth, home.authFile(), "rw-------", "rwx------");
            moved.add("moved " + oldAuth + " to " + home.authFile());
        }
        Path oldProfile = repository.resolve("profiles/default");
        Path newProfile = home.profiles().resolve("default");
        if (settings.auth().profile().equals(newProfile) && !Files.exists(newProfile) && Files.isDirectory(oldProfile)
                && !isEmpty(oldProfile)) {
            move(oldProfile, newProfile, "rwx------", "rwx------");
            moved.add("moved " + oldProfile + " to " + newProfile);
        }
        return moved;
    }

    private static void move(Path from, Path to, String mode, String parentMode) throws IOException {
        Files.createDirectories(to.getParent(), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(parentMode)));
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException otherDisk) {
            if (Files.isDirectory(from)) {
                throw new IOException("cannot move the browser profile " + from + " to " + to
                        + " (another disk): move it by hand, or keep using it with --profile " + from);
            }
            Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
            Files.delete(from);
        }
        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString(mode));
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
