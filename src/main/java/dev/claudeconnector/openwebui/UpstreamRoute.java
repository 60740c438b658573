package dev.claudeconnector.openwebui;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;

/**
 * How a connection to Open WebUI is made: TCP to its host (or to the HTTP proxy the JDK's proxy
 * settings name for it, through a {@code CONNECT} tunnel, or a SOCKS proxy), with
 * {@code TCP_NODELAY} (a call that leaves in two writes would otherwise wait for the server's
 * delayed ACK, ~40 ms on Linux), then TLS for https. The JDK's proxy settings are read once, when
 * the route is made.
 *
 * @param host           the host as the URL names it
 * @param port           its port (the scheme's default when the URL names none)
 * @param authority      what the {@code Host} header says
 * @param tls            TLS for an https upstream
 * @param proxy          the JDK's proxy for the upstream, if any
 * @param connectTimeout how long a connection may take to open
 */
record UpstreamRoute(String host, int port, String authority, Optional<OpenWebUiTls> tls, Proxy proxy,
                     Duration connectTimeout) {

    static UpstreamRoute of(URI upstream, Optional<OpenWebUiTls> tls, Duration connectTimeout) {
        boolean https = "https".equalsIgnoreCase(upstream.getScheme());
        int port = upstream.getPort() >= 0 ? upstream.getPort() : https ? 443 : 80;
        String authority = upstream.getHost() + (upstream.getPort() >= 0 ? ":" + upstream.getPort() : "");
        return new UpstreamRoute(upstream.getHost(), port, authority, https ? tls : Optional.empty(),
                proxyFor(upstream), connectTimeout);
    }

    /** The first proxy the JDK's proxy selector names for {@code upstream}, or {@link Proxy#NO_PROXY}. */
    static Proxy proxyFor(URI upstream) {
        ProxySelector selector = ProxySelector.getDefault();
        if (selector == null) {
            return Proxy.NO_PROXY;
        }
        return selector.select(upstream).stream().filter(p -> p.type() != Proxy.Type.DIRECT).findFirst()
                .orElse(Proxy.NO_PROXY);
    }

    /** A new connection, ready for a call. */
    UpstreamConnection connect() throws IOException {
        Socket socket = proxy.type() == Proxy.Type.SOCKS ? new Socket(proxy) : new Socket();
        try {
            socket.setTcpNoDelay(true);
            boolean tunnel = proxy.type() == Proxy.Type.HTTP;
            InetSocketAddress target = tunnel ? (InetSocketAddress) proxy.address() : new InetSocketAddress(host, port);
            if (target.isUnresolved() && proxy.type() != Proxy.Type.SOCKS) {
                target = new InetSocketAddress(target.getHostString(), target.getPort()); // resolved now
            }
            socket.connect(target, (int) connectTimeout.toMillis());
            if (tunnel) {
                openTunnel(socket);
            }
            return new UpstreamConnection(tls.isPresent() ? tls.get().over(socket, host, port) : socket, socket);
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    /** {@code CONNECT host:port} through the HTTP proxy on {@code socket}; after its 2xx the socket reaches the host. */
    private void openTunnel(Socket socket) throws IOException {
        String hostPort = host + ":" + port;
        RequestHead head = new RequestHead("CONNECT", hostPort, hostPort);
        UpstreamConnection proxied = new UpstreamConnection(socket, socket);
        proxied.readTimeout(connectTimeout);
        head.write(proxied);
        ClassicHttpResponse answer;
        try {
            answer = proxied.receive(head.method());
        } catch (HttpException e) {
            throw new IOException("the proxy " + proxy.address() + " answered CONNECT with no HTTP: " + e.getMessage(), e);
        }
        if (answer.getCode() / 100 != 2) {
            throw new IOException("the proxy " + proxy.address() + " refused the tunnel to " + hostPort + ": "
                    + answer.getCode() + " " + answer.getReasonPhrase());
        }
        socket.setSoTimeout(0);
    }
}
