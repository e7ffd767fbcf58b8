package io.m300.harness.support.provision;

import io.m300.harness.support.HarnessException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Date;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentVerifierBuilderProvider;

/**
 * Checks a detached OpenPGP signature (HashiCorp's {@code terraform_<v>_SHA256SUMS.sig}) over a file
 * against a public key ring kept in this repository, never one fetched with the file.
 *
 * <p>HashiCorp's release key ({@code hashicorp.asc} next to this class): primary key
 * {@code C874 011F 0AB4 0511 0D02 1055 3436 5D94 72D7 468F}, "HashiCorp Security
 * (hashicorp.com/security)", signing subkey {@code 374E C75B 4859 1360 4A83 1CC7 C820 C6D5 CD27 AB87},
 * bindings renewed 2026-02-18 and valid until 2030-03-01. HashiCorp publishes it at
 * https://www.hashicorp.com/.well-known/pgp-key.txt; the copy here was taken from a public mirror of it
 * (see docs/architecture.md, "Fetching Terraform") and its self-signatures and fingerprint checked with
 * {@code gpg --check-sigs}. When HashiCorp rotates the key, replace the file and the fingerprint below.
 */
final class ReleaseSignature {

    /** HashiCorp's primary key fingerprint, as its security page prints it. */
    static final String HASHICORP_FINGERPRINT = "C874011F0AB405110D02105534365D9472D7468F";

    private final PGPPublicKeyRingCollection keys;
    private final String owner;

    ReleaseSignature(PGPPublicKeyRingCollection keys, String owner) {
        this.keys = keys;
        this.owner = owner;
    }

    /** HashiCorp's release key, read from the class path. */
    static ReleaseSignature hashiCorp() {
        try (InputStream in = ReleaseSignature.class.getResourceAsStream("hashicorp.asc")) {
            if (in == null) {
                throw new IllegalStateException("hashicorp.asc is missing from the class path");
            }
            ReleaseSignature signature =
                    new ReleaseSignature(keyRings(in), "HashiCorp's release key " + HASHICORP_FINGERPRINT);
            if (signature.keys.getPublicKey(Long.parseUnsignedLong(HASHICORP_FINGERPRINT.substring(24), 16)) == null) {
                throw new IllegalStateException("hashicorp.asc does not hold key " + HASHICORP_FINGERPRINT);
            }
            return signature;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads an armoured (or binary) public key ring collection. */
    static PGPPublicKeyRingCollection keyRings(InputStream in) throws IOException {
        try {
            return new PGPPublicKeyRingCollection(PGPUtil.getDecoderStream(in), new JcaKeyFingerprintCalculator());
        } catch (PGPException e) {
            throw new IOException("not an OpenPGP public key ring: " + e.getMessage(), e);
        }
    }

    /**
     * Whether {@code signature} (a detached signature, armoured or binary) is a valid signature over
     * {@code data} by one of the kept keys; the reason it is not otherwise.
     */
    Optional<String> problem(byte[] data, byte[] signature) {
        PGPSignature sig;
        try {
            sig = firstSignature(signature);
        } catch (IOException | PGPException | RuntimeException e) {
            return Optional.of("it is not an OpenPGP signature");
        }
        if (sig == null) {
            return Optional.of("it is not an OpenPGP signature");
        }
        PGPPublicKey key = keys.getPublicKey(sig.getKeyID());
        if (key == null) {
            return Optional.of(
                    "it was made by key " + String.format(Locale.ROOT, "%016X", sig.getKeyID()) + ", not by " + owner);
        }
        if (expired(key, sig.getCreationTime())) {
            return Optional.of("it was made with key " + String.format(Locale.ROOT, "%016X", sig.getKeyID())
                    + " after that key expired");
        }
        try {
            sig.init(new JcaPGPContentVerifierBuilderProvider(), key);
            sig.update(data);
            return sig.verify() ? Optional.empty() : Optional.of("it does not match the file's content");
        } catch (PGPException | RuntimeException e) {
            return Optional.of("it does not verify (" + e.getMessage() + ")");
        }
    }

    /** Verifies, or refuses {@code what} in one line. */
    void verify(byte[] data, byte[] signature, String what, String sigName) {
        problem(data, signature).ifPresent(reason -> {
            throw new HarnessException("refused " + what + ": its signature " + sigName + " does not verify against "
                    + owner + " (" + reason + "); nothing was cached");
        });
    }

    String owner() {
        return owner;
    }

    private static boolean expired(PGPPublicKey key, Date at) {
        long seconds = key.getValidSeconds();
        return seconds > 0 && at.getTime() > key.getCreationTime().getTime() + seconds * 1000;
    }

    private static PGPSignature firstSignature(byte[] bytes) throws IOException, PGPException {
        InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(bytes));
        Object object = new JcaPGPObjectFactory(in).nextObject();
        if (object instanceof PGPSignatureList list && !list.isEmpty()) {
            return list.get(0);
        }
        return null;
    }

    /** Whether {@code keyId} is a kept key still valid (not expired) at {@code at}. */
    boolean validAt(long keyId, Date at) {
        PGPPublicKey key = keys.getPublicKey(keyId);
        return key != null && !expired(key, at);
    }
}
