package io.m300.harness.support.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SelfSignedCertificateTest {

    @Test
    void theKeyIsPkcs8AndSignsForTheCertificatesPublicKey() throws Exception {
        SelfSignedCertificate pair = SelfSignedCertificate.generate("run.m300.test");

        // PKCS#8: what ACM imports (moto's ACM refuses the SEC1 "EC PRIVATE KEY" form)
        assertThat(pair.privateKeyPem()).startsWith("-----BEGIN PRIVATE KEY-----");
        String body = pair.privateKeyPem().replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        var key = KeyFactory.getInstance("EC")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));

        X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(
                        new ByteArrayInputStream(pair.certificatePem().getBytes(StandardCharsets.US_ASCII)));
        cert.checkValidity();
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=run.m300.test");

        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key);
        signer.update(new byte[] {1, 2, 3});
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(cert.getPublicKey());
        verifier.update(new byte[] {1, 2, 3});
        assertThat(verifier.verify(signature))
                .as("the key belongs to the certificate")
                .isTrue();
    }
}
