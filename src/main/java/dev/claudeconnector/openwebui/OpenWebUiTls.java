package dev.claudeconnector.openwebui;

import dev.claudeconnector.config.Settings;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * TLS for the upstream client only. Verification (the chain and the host name) is on unless
 * {@code upstream.tls.insecure}; {@code upstream.tls.ca-file} adds PEM CAs on top of the JVM's
 * defaults. Nothing here touches JVM-wide defaults, so other HTTPS connections in the process keep
 * full verification.
 *
 * @param context    the context sockets are made from
 * @param verifyHost whether the certificate must name the host (HTTPS endpoint identification)
 */
record OpenWebUiTls(SSLContext context, boolean verifyHost) {
    /**
     * TLS as the settings ask (JSSE's set-up, ~80 classes, is left to https upstreams and ca-files).
     *
     * @throws IllegalArgumentException when {@code upstream.tls.ca-file} cannot be used
     */
    static OpenWebUiTls create(Settings settings) {
        try {
            if (settings.tlsInsecure()) {
                SSLContext trustAll = SSLContext.getInstance("TLS");
                trustAll.init(null, new TrustManager[] {new TrustAll()}, null);
                return new OpenWebUiTls(trustAll, false);
            }
            if (settings.tlsCaFile().isPresent()) {
                return new OpenWebUiTls(withExtraCas(settings.tlsCaFile().get()), true);
            }
            return new OpenWebUiTls(SSLContext.getDefault(), true);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM offers no TLS: " + e.getMessage(), e);
        }
    }

    /** {@code plain}, connected to {@code host} (directly or through a proxy's tunnel), with TLS on top, handshake done. */
    SSLSocket over(Socket plain, String host, int port) throws IOException {
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, host, port, true);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setApplicationProtocols(new String[] {"http/1.1"});
        if (verifyHost) {
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
        }
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    private static SSLContext withExtraCas(Path pem) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int n = 0;
            for (X509Certificate ca : defaultCas()) {
                store.setCertificateEntry("default-" + n++, ca);
            }
            Collection<? extends Certificate> extra;
            try (InputStream in = Files.newInputStream(pem)) {
                extra = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (extra.isEmpty()) {
                throw new IllegalArgumentException("upstream.tls.ca-file " + pem + " holds no PEM certificate");
            }
            for (Certificate c : extra) {
                store.setCertificateEntry("extra-" + n++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read upstream.tls.ca-file " + pem + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("upstream.tls.ca-file " + pem + " is not a PEM certificate file: "
                    + e.getMessage(), e);
        }
    }

    private static List<X509Certificate> defaultCas() throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init((KeyStore) null);
        List<X509Certificate> cas = new ArrayList<>();
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x509) {
                cas.addAll(List.of(x509.getAcceptedIssuers()));
            }
        }
        return cas;
    }

    /** {@code upstream.tls.insecure}: any certificate chain is accepted (the host name is not checked either). */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
