package dev.claudeconnector.auth.fake;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fake IdP and a fake Open WebUI pointed at it, fresh for each test: what the fakes' self-tests start from. */
abstract class FakeSsoServers {
    protected FakeIdp idp;
    protected FakeOpenWebUi owui;

    @BeforeEach
    void startFakes() {
        idp = FakeIdp.start();
        owui = FakeOpenWebUi.start(idp);
    }

    @AfterEach
    void stopFakes() {
        owui.close();
        idp.close();
    }
}
