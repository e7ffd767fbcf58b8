package io.m300.harness.support.secrets;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Finds the files that hold a secret, in any of its forms ({@link SecretForms}: as is, JSON-escaped,
 * base64, URL-encoded), also base64 text whose decoded content holds it, and also inside zip files
 * (a saved Terraform plan is a zip), zips within zips included. Reports file names only, never the
 * secret or the text around it.
 *
 * <p>Command line ({@code .ci/leak-check.sh}): {@code LeakCheck <secret|-> <dir|file>...}; {@code -}
 * reads the secret from the first line of standard input (so it is not in the process list).
 * Prints one name per line ({@code a/b/verify.tfplan!tfplan} for a zip entry); exit 0 when nothing
 * holds the secret, 1 when something does, 2 on bad usage.
 */
public final class LeakCheck {

    /** Files larger than this are not read (provider binaries); their names go to standard error. */
    static final long MAX_BYTES = 64L * 1024 * 1024;

    private static final Pattern BASE64_TOKEN = Pattern.compile("[A-Za-z0-9+/_-]{8,}={0,2}");
    private static final int MAX_ZIP_DEPTH = 4;

    private final String secret;
    private final List<String> forms;
    private final List<String> skipped = new ArrayList<>();

    public LeakCheck(String secret) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalArgumentException("the secret to look for is empty");
        }
        this.secret = secret;
        this.forms = SecretForms.of(secret);
    }

    /** The files (and zip entries, as {@code file!entry}) under each path that hold the secret. */
    public List<String> scan(List<Path> paths) {
        List<String> found = new ArrayList<>();
        for (Path root : paths) {
            if (Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
                try (Stream<Path> walk = Files.walk(root)) {
                    for (Path p : walk.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS))
                            .sorted()
                            .toList()) {
                        scanFile(p, found);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + root, e);
                }
            } else if (Files.isRegularFile(root, LinkOption.NOFOLLOW_LINKS)) {
                scanFile(root, found);
            }
        }
        return found;
    }

    /** Files that were too large to read. */
    public List<String> skipped() {
        return List.copyOf(skipped);
    }

    private void scanFile(Path file, List<String> found) {
        try {
            if (Files.size(file) > MAX_BYTES) {
                skipped.add(file.toString());
                return;
            }
            scanBytes(file.toString(), Files.readAllBytes(file), 0, found);
        } catch (IOException e) {
            skipped.add(file + " (unreadable: " + e.getClass().getSimpleName() + ")");
        }
    }

    /** Whether {@code content} (a whole file, or a zip entry) holds the secret; names are added to {@code found}. */
    void scanBytes(String name, byte[] content, int depth, List<String> found) {
        if (depth < MAX_ZIP_DEPTH && isZip(content)) {
            boolean inEntry = false;
            try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(content))) {
                ZipEntry entry;
                while ((entry = zip.getNextEntry()) != null) {
                    if (!entry.isDirectory()) {
                        int before = found.size();
                        scanBytes(name + "!" + entry.getName(), zip.readAllBytes(), depth + 1, found);
                        inEntry |= found.size() > before;
                    }
                }
            } catch (IOException e) {
                // not a readable zip after all: scanned as bytes below
            }
            if (inEntry) {
                return;
            }
        }
        if (holds(content)) {
            found.add(name);
        }
    }

    /** Whether the bytes hold the secret in any form, or as base64 of a text that holds it. */
    boolean holds(byte[] content) {
        // ISO-8859-1 maps every byte to one char: ASCII forms are found in binary content too
        String latin = new String(content, StandardCharsets.ISO_8859_1);
        String utf8 = new String(content, StandardCharsets.UTF_8);
        for (String text : List.of(utf8, latin)) {
            for (String form : forms) {
                if (text.contains(form)) {
                    return true;
                }
            }
        }
        Matcher m = BASE64_TOKEN.matcher(latin);
        while (m.find()) {
            String token = m.group();
            for (Base64.Decoder decoder :
                    List.of(Base64.getDecoder(), Base64.getUrlDecoder(), Base64.getMimeDecoder())) {
                try {
                    String decoded = new String(decoder.decode(pad(token)), StandardCharsets.UTF_8);
                    if (SecretForms.containedIn(decoded, forms, secret)) {
                        return true;
                    }
                } catch (IllegalArgumentException notThisAlphabet) {
                    // try the next
                }
            }
        }
        return false;
    }

    private static String pad(String token) {
        String t = token.replace("=", "");
        return t + "=".repeat((4 - t.length() % 4) % 4);
    }

    private static boolean isZip(byte[] b) {
        return b.length >= 4 && b[0] == 'P' && b[1] == 'K' && (b[2] == 3 || b[2] == 5) && (b[3] == 4 || b[3] == 6);
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: leak-check <secret|-> <dir|file>...   (exit 0: not found, 1: found, 2: usage)");
            System.exit(2);
        }
        String secret = args[0];
        if (secret.equals("-")) {
            secret = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        }
        if (secret == null || secret.isBlank()) {
            System.err.println("leak-check: the secret to look for is empty");
            System.exit(2);
        }
        List<Path> paths = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            paths.add(Path.of(args[i]));
        }
        LeakCheck check = new LeakCheck(secret);
        List<String> found = check.scan(paths);
        check.skipped()
                .forEach(s -> System.err.println("leak-check: not read (larger than 64 MiB or unreadable): " + s));
        found.forEach(System.out::println);
        System.exit(found.isEmpty() ? 0 : 1);
    }
}
