package dev.claudeconnector.auth;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * What a page of the identity provider asks of a person, judged the way a person would: by its visible form
 * fields (type, name, id, autocomplete), its headings and its buttons, never by one IdP's page layout. The
 * kinds follow what real IdPs show in the middle of a single sign-on: a password, an account picker
 * (Entra ID's "Pick an account", Google's "Choose an account"), an identifier-first page (Entra ID, Okta,
 * Google), a one-time code (authenticator apps, SMS, Okta Verify, Keycloak OTP) and a consent page.
 */
final class IdpPage {
    /** A visible form field. {@code type} is the input's type (or the tag name for select and textarea). */
    record Field(String type, String name, String id, String autocomplete) {
        boolean oneTimeCode() {
            return autocomplete.toLowerCase(Locale.ROOT).contains("one-time-code")
                    || CODE_FIELD.matcher(name + " " + id).find();
        }

        boolean userName() {
            return TEXT_TYPES.contains(type) && (USER_AUTOCOMPLETE.matcher(autocomplete).find() || type.equals("email")
                    || USER_FIELD.matcher(name + " " + id).find());
        }
    }

    /** What the page shows; {@code ready} is the document's readyState. */
    record Facts(String ready, String title, List<Field> fields, List<String> headings, List<String> buttons) {
        boolean loaded() {
            return "complete".equals(ready);
        }
    }

    /** The kinds of page that stop a headless renewal, each with what it asks for. */
    enum Kind {
        PASSWORD("asks for your password"),
        ONE_TIME_CODE("asks for a one-time code (MFA)"),
        ACCOUNT_PICKER("asks to pick an account"),
        CONSENT("asks for your consent"),
        USER_NAME("asks for your user name");

        final String asks;

        Kind(String asks) {
            this.asks = asks;
        }
    }

    private static final List<String> TEXT_TYPES = List.of("text", "email", "tel", "input", "");
    private static final Pattern CODE_FIELD = Pattern.compile(
            "(?i)(^|[^a-z])(otp|totp|otc|passcode|one[-_]?time|mfa|2fa|verification[-_]?code|security[-_]?code|sms[-_]?code"
            + "|token[-_]?code)");
    private static final Pattern USER_AUTOCOMPLETE = Pattern.compile("(?i)username|email");
    private static final Pattern USER_FIELD = Pattern.compile(
            "(?i)user|login|e-?mail|identifier|loginfmt|upn|account|uid|principal");
    private static final Pattern CODE_WORDS = Pattern.compile("(?i)verification code|one-time (pass)?code|one-time password"
            + "|authenticator|two-step|2-step|two-factor|multi-factor|\\bmfa\\b|enter (the |your )?code|security code|push notification"
            + "|approve (the )?sign[- ]?in|verify (it's you|your identity)");
    private static final Pattern ACCOUNT_WORDS = Pattern.compile(
            "(?i)\\b(pick|choose|select) an? account\\b|\\bchoose account\\b|\\bwhich account\\b|\\buse another account\\b");
    private static final Pattern CONSENT_WORDS = Pattern.compile("(?i)\\bconsent\\b|permissions? requested|wants to access"
            + "|would like to access|requesting access|is requesting|do you grant|grant access|allow access");
    private static final Pattern ALLOW = Pattern.compile("(?i)^(allow|allow access|accept|authori[sz]e|grant|grant access|consent)$");
    private static final Pattern DENY = Pattern.compile("(?i)^(deny|don.?t allow|decline|cancel|reject)$");

    /** Reads the visible fields, headings and buttons of the page; empty while it is between documents or still parsing. */
    private static final String READ = """
            () => {
              if (document.readyState === 'loading') return null;
              const shown = e => {
                if (e.type === 'hidden') return false;
                const s = getComputedStyle(e);
                if (s.display === 'none' || s.visibility === 'hidden') return false;
                const r = e.getBoundingClientRect();
                return r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0;
              };
              const clean = t => (t || '').replace(/\\s+/g, ' ').trim().slice(0, 200);
              const texts = sel => [...document.querySelectorAll(sel)].filter(shown)
                .map(e => clean(e.innerText || e.value || e.getAttribute('aria-label'))).filter(t => t).slice(0, 40);
              const fields = [...document.querySelectorAll('input, select, textarea')].filter(shown).slice(0, 50)
                .map(e => ({ type: (e.tagName === 'INPUT' ? (e.getAttribute('type') || 'text') : e.tagName).toLowerCase(),
                             name: e.name || '', id: e.id || '', autocomplete: e.getAttribute('autocomplete') || '' }));
              return JSON.stringify({ ready: document.readyState, title: clean(document.title), fields,
                headings: texts('h1, h2, h3, h4, legend, [role=heading]'),
                buttons: texts('button, input[type=submit], input[type=button], [role=button], a') });
            }""";
    private static final ObjectMapper JSON = new ObjectMapper();

    private IdpPage() {
    }

    /** What the page asks of a person, if it is one of the known kinds. */
    static Optional<Kind> classify(Facts page) {
        if (any(page.fields(), f -> f.type().equals("password"))) {
            return Optional.of(Kind.PASSWORD);
        }
        String words = page.title() + "\n" + String.join("\n", page.headings());
        if (any(page.fields(), Field::oneTimeCode) || CODE_WORDS.matcher(words).find()) {
            return Optional.of(Kind.ONE_TIME_CODE);
        }
        if (ACCOUNT_WORDS.matcher(words).find() || any(page.buttons(), b -> ACCOUNT_WORDS.matcher(b).find())) {
            return Optional.of(Kind.ACCOUNT_PICKER);
        }
        if (CONSENT_WORDS.matcher(words).find()
                || (any(page.buttons(), b -> ALLOW.matcher(b).matches()) && any(page.buttons(), b -> DENY.matcher(b).matches()))) {
            return Optional.of(Kind.CONSENT);
        }
        if (any(page.fields(), Field::userName)) {
            return Optional.of(Kind.USER_NAME);
        }
        return Optional.empty();
    }

    /** The page's facts, or empty while it is navigating, still parsing, or gone. */
    static Optional<Facts> read(Page page) {
        try {
            return page.evaluate(READ) instanceof String json ? Optional.of(JSON.readValue(json, Facts.class)) : Optional.empty();
        } catch (PlaywrightException | IOException navigating) {
            return Optional.empty();
        }
    }

    private static <T> boolean any(List<T> items, Predicate<T> test) {
        return items != null && items.stream().anyMatch(test);
    }
}
