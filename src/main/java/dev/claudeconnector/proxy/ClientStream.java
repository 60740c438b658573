package dev.claudeconnector.proxy;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The client's side of one streamed answer, started (200, {@code text/event-stream}) on first use:
 * when the answer arrives, or earlier, when the request must wait for a person to sign in and is
 * kept alive with pings meanwhile. Once started, every outcome, failures included, goes out as
 * events, never as an HTTP status.
 */
final class ClientStream {
    private final ServerResponse res;
    private final AtomicReference<Runnable> onGone = new AtomicReference<>(() -> { });
    private SseChannel channel;

    ClientStream(ServerResponse res) {
        this.res = res;
    }

    boolean started() {
        return channel != null;
    }

    /** The channel, starting the response on first use. */
    SseChannel channel() {
        if (channel == null) {
            res.status(Status.OK_200);
            res.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
            res.header(HeaderNames.CACHE_CONTROL, "no-cache");
            channel = new SseChannel(res.outputStream(), () -> onGone.get().run());
        }
        return channel;
    }

    /** What to do when the client leaves from now on (abort the upstream call). */
    void onClientGone(Runnable abort) {
        onGone.set(abort);
    }
}
