package dev.claudeconnector.auth;

import dev.claudeconnector.auth.fake.IdpPrompt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A headless renewal that meets a page a person must answer fails within seconds, not at its 30 s timeout:
 * the message names the kind of page and says how to sign in, the auth file stays byte-identical, and
 * {@code needsPerson()} says whether a visible window could finish it. One sign-in, then one renewal per
 * dead end (real headless Chromium against the fakes); the measured times are printed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DeadEndTest {
    private static final Duration LIMIT = Duration.ofSeconds(10);
    private static final String REFUSAL = "The email or password provided is incorrect. Please check for typos and try logging in again.";

    @TempDir
    static Path dir;
    private SsoFixture sso;
    private final List<String> times = new ArrayList<>();

    @BeforeAll
    void signIn() {
        sso = new SsoFixture(dir, "");
        sso.idp.setAutoSubmit(true);
        sso.renewer(sso.credentials()).login(true, Duration.ofSeconds(60));
        sso.idp.setAutoSubmit(false); // from here on nobody is at the keyboard
    }

    @AfterEach
    void reset() {
        sso.idp.setPromptOnSilentSso(null);
        sso.webui.setCallbackFailure(null);
        sso.webui.setVersion("0.10.2");
    }

    @AfterAll
    void close() {
        System.out.println("dead ends found in: " + String.join(", ", times));
        sso.close();
    }

    /** Runs a renewal that must fail, checks the common promises and returns the failure. */
    private SignInException deadEnd(String name) throws Exception {
        byte[] before = Files.readAllBytes(sso.authFile);
        long start = System.nanoTime();
        SignInException e = assertThrows(SignInException.class, () -> sso.renewer(sso.credentials()).refresh());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        times.add(name + " " + took.toMillis() + " ms");
        assertTrue(took.compareTo(LIMIT) < 0, name + " took " + took.toMillis() + " ms: " + e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(sso.authFile), "the auth file is untouched");
        assertTrue(e.getMessage().contains("Sign in with 'java -jar target/agent.jar login' (or put a fresh token in "
                + sso.authFile + " as WEBUI_SESSION_TOKEN)."), e.getMessage());
        return e;
    }

    @ParameterizedTest(name = "{0}")
    @Order(1)
    @CsvSource(delimiter = '|', value = {
            "ACCOUNT_PICKER   | the identity provider asks to pick an account (localhost)",
            "USERNAME_FIRST   | the identity provider asks for your user name (localhost)",
            "ONE_TIME_CODE    | the identity provider asks for a one-time code (MFA) (localhost)",
            "CONSENT          | the identity provider asks for your consent (localhost)",
            "MORE_INFORMATION | the identity provider shows a page that needs you (localhost)"})
    void aPageOfTheIdentityProviderThatNeedsAPerson(IdpPrompt prompt, String says) throws Exception {
        sso.idp.setPromptOnSilentSso(prompt);
        SignInException e = deadEnd(prompt.name());
        assertTrue(e.getMessage().startsWith("The token cannot be renewed without you: " + says + ". Sign in with"), e.getMessage());
        assertTrue(e.needsPerson(), "a visible window could finish it");
    }

    @ParameterizedTest(name = "Open WebUI {0}")
    @Order(2)
    @CsvSource({"0.10.2", "0.6.30", "0.6.25"}) // error quoted with +, with %20, and the older 400 {"detail"} answer
    void openWebUiRefusingTheSignIn(String version) throws Exception {
        sso.webui.setVersion(version);
        sso.webui.setCallbackFailure(REFUSAL);
        SignInException e = deadEnd("refused by Open WebUI " + version);
        assertTrue(e.getMessage().startsWith("Open WebUI refused the sign-in: " + REFUSAL + " Sign in with"), e.getMessage());
        assertFalse(e.needsPerson(), "Open WebUI refused after the IdP let the person through: a window would meet the same");
    }

    @Test
    @Order(3)
    void aRenewalThatRunsOutOfTimeCountsAsNeedingAPerson() throws Exception {
        // The IdP's unnamed page, with less time than it takes to call it a dead end.
        try (SsoFixture quick = new SsoFixture(Files.createDirectories(dir.resolve("quick")), "  refresh-timeout: PT2S\n")) {
            quick.idp.setAutoSubmit(true);
            quick.renewer(quick.credentials()).login(true, Duration.ofSeconds(60));
            quick.idp.setPromptOnSilentSso(IdpPrompt.MORE_INFORMATION);
            SignInException e = assertThrows(SignInException.class, () -> quick.renewer(quick.credentials()).refresh());
            assertTrue(e.needsPerson(), e.getMessage());
            assertTrue(e.getMessage().startsWith("Your SSO session has ended. Sign in with"), e.getMessage());
        }
    }

    @Test
    @Order(4)
    void thePasswordFormOnceTheIdpSessionHasEnded() throws Exception {
        sso.idp.endAllSessions();
        SignInException e = deadEnd("PASSWORD");
        assertTrue(e.getMessage().startsWith("The token cannot be renewed without you: the identity provider asks for your"
                + " password (localhost). Sign in with"), e.getMessage());
        assertTrue(e.needsPerson());
        assertEquals(1, sso.idp.loginCount());
    }
}
