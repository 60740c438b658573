package dev.claudeconnector.openwebui;

import dev.claudeconnector.config.Settings;

import io.helidon.common.tls.Tls;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
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
 * TLS for the upstream client only. Verification is on unless {@code upstream.tls.insecure};
 * {@code upstream.tls.ca-file} adds PEM CAs on top of the JVM's defaults. Nothing here touches
 * JVM-wide defaults, so other HTTPS connections in the process keep full verification.
 */
final class OpenWebUiTls {
    /** No TLS: for an http upstream, which Helidon would otherwise give a default TLS context, or a handshake. */
    static final Tls NONE = Tls.builder().enabled(false).build();

    private OpenWebUiTls() {
    }

    static Tls create(Settings settings) {
        if (settings.tlsInsecure()) {
            return Tls.builder()
                    .trustAll(true)
                    .endpointIdentificationAlgorithm(Tls.ENDPOINT_IDENTIFICATION_NONE)
                    .build();
        }
        if (settings.tlsCaFile().isPresent()) {
            return Tls.builder().sslContext(withExtraCas(settings.tlsCaFile().get())).build();
        }
        return Tls.builder().build();
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
}
