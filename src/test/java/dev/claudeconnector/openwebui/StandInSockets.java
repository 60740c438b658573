package dev.claudeconnector.openwebui;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.function.Consumer;

/** The socket work shared by the raw HTTP/1.1 stand-ins of Open WebUI in the tests. */
public final class StandInSockets {
    private StandInSockets() {
    }

    /** Accepts connections on {@code server} until it is closed, each served by {@code serve} on its own virtual thread. */
    public static void acceptEach(ServerSocket server, Consumer<Socket> serve) {
        Thread.ofVirtual().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    Thread.ofVirtual().start(() -> serve.accept(socket));
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    /** One request's head, up to and with its blank line; {@code null} when the connection ends first. */
    public static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                return null;
            }
            head.append((char) c);
        }
        return head.toString();
    }
}
