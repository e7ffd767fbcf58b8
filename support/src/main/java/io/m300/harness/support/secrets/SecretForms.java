package io.m300.harness.support.secrets;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** The spellings under which a secret can show up in a document: as is, JSON-escaped, base64, URL-encoded. */
final class SecretForms {

    private static final Pattern BASE64ISH = Pattern.compile("[A-Za-z0-9+/_-]{8,}={0,2}");

    private SecretForms() {}

    /** Every distinct non-empty spelling of the secret, longest first; empty for a null or blank secret. */
    static List<String> of(String secret) {
        if (secret == null || secret.isBlank()) {
            return List.of();
        }
        Set<String> forms = new LinkedHashSet<>();
        forms.add(secret);
        String escaped = new String(JsonStringEncoder.getInstance().quoteAsString(secret));
        forms.add(escaped);
        forms.add(new String(JsonStringEncoder.getInstance().quoteAsString(escaped)));
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        forms.add(Base64.getEncoder().encodeToString(bytes));
        forms.add(Base64.getEncoder().withoutPadding().encodeToString(bytes));
        forms.add(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
        forms.add(URLEncoder.encode(secret, StandardCharsets.UTF_8));
        List<String> out = new ArrayList<>(forms);
        out.removeIf(String::isEmpty);
        out.sort(Comparator.comparingInt(String::length).reversed());
        return out;
    }

    /** True when the text holds the secret in any of its forms, or is base64 of a text that holds it. */
    static boolean containedIn(String text, List<String> forms, String secret) {
        if (text == null || forms.isEmpty()) {
            return false;
        }
        for (String form : forms) {
            if (text.contains(form)) {
                return true;
            }
        }
        String trimmed = text.trim();
        if (BASE64ISH.matcher(trimmed).matches()) {
            for (Base64.Decoder decoder : List.of(Base64.getDecoder(), Base64.getUrlDecoder())) {
                try {
                    String decoded = new String(decoder.decode(trimmed), StandardCharsets.UTF_8);
                    if (decoded.contains(secret)) {
                        return true;
                    }
                } catch (IllegalArgumentException notBase64) {
                    // not this alphabet
                }
            }
        }
        return false;
    }

    /** The text with every form of every secret replaced by {@code ****}. */
    static String redact(String text, List<String> forms) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String form : forms) {
            out = out.replace(form, "****");
        }
        return out;
    }
}
