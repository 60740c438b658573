package dev.claudeconnector.auth;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SsoSignInTest {
    @Test
    void olderOpenWebUiHandsTheTokenOverInTheUrlFragment() {
        assertEquals(Optional.of("eyJ.a.b"), SsoSignIn.fragmentToken("https://owui.example.org/auth#token=eyJ.a.b"));
        assertEquals(Optional.of("x y"), SsoSignIn.fragmentToken("https://owui.example.org/auth#state=1&token=x%20y"));
        assertEquals(Optional.empty(), SsoSignIn.fragmentToken("https://owui.example.org/auth#token="));
        assertEquals(Optional.empty(), SsoSignIn.fragmentToken("https://owui.example.org/?token=abc"));
    }
}
