package dev.claudeconnector.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Advice names the jar the way the user reached it. */
class InvocationTest {
    @Test
    void aJarBelowTheCurrentFolderIsNamedRelativeToIt() {
        assertEquals("java -jar target/agent.jar", Invocation.describe(Path.of("/home/ada/cc/target/agent.jar"),
                Path.of("/home/ada/cc")));
    }

    @Test
    void aJarElsewhereIsNamedByItsFullPath() {
        assertEquals("java -jar /opt/claude-connector/agent.jar", Invocation.describe(
                Path.of("/opt/claude-connector/agent.jar"), Path.of("/home/ada/project")));
    }

    @Test
    void aPathTheShellWouldSplitIsQuoted() {
        assertEquals("java -jar \"/Users/ada/My Tools/agent.jar\"", Invocation.describe(
                Path.of("/Users/ada/My Tools/agent.jar"), Path.of("/Users/ada/project")));
    }

    @Test
    void classesOutsideAJarAreTheBuildsOwnJar() {
        assertEquals("java -jar target/agent.jar", Invocation.describe(Path.of("/home/ada/cc/target/classes"),
                Path.of("/home/ada/cc")));
    }
}
