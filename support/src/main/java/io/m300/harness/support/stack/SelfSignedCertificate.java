package io.m300.harness.support.stack;

import io.m300.harness.support.HarnessException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A throwaway self-signed certificate for the load balancer's HTTPS listener on test targets. */
public record SelfSignedCertificate(String certificatePem, String privateKeyPem) {

    public static SelfSignedCertificate generate(String commonName) {
        try {
            // an ECDSA P-256 key: ACM imports it and load balancers serve it; made in milliseconds, where an
            // RSA 2048 key takes the suite's JVM (C1 only) a second of CPU on the way to the apply
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair keys = generator.generateKeyPair();
            Instant now = Instant.now();
            X500Name subject = new X500Name("CN=" + commonName);
            X509CertificateHolder cert = new JcaX509v3CertificateBuilder(
                            subject,
                            BigInteger.valueOf(now.toEpochMilli()),
                            Date.from(now.minus(Duration.ofMinutes(5))),
                            Date.from(now.plus(Duration.ofDays(30))),
                            subject,
                            keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
            // PKCS#8 ("PRIVATE KEY"): the SEC1 form BouncyCastle writes for an EC key by default is one
            // that moto's ACM (Python's cryptography) refuses as "not PEM-encoded or is not valid"
            return new SelfSignedCertificate(pem(cert), pem(new JcaPKCS8Generator(keys.getPrivate(), null)));
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("could not generate a self-signed certificate: " + e.getMessage(), e);
        }
    }

    /** Saves the pair for a later run that reuses this stack (the listener must keep the same certificate). */
    public void save(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("certificate.pem"), certificatePem);
            Path key = dir.resolve("private-key.pem");
            Files.writeString(key, privateKeyPem);
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SelfSignedCertificate load(Path dir) {
        try {
            return new SelfSignedCertificate(
                    Files.readString(dir.resolve("certificate.pem")), Files.readString(dir.resolve("private-key.pem")));
        } catch (IOException e) {
            throw new HarnessException(
                    "the kept stack's certificate is missing from " + dir + ": run without harness.reuse");
        }
    }

    private static String pem(Object o) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(o);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "SelfSignedCertificate[private key hidden]";
    }
}
