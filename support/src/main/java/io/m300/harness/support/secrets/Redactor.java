package io.m300.harness.support.secrets;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** Takes secrets out of text before it becomes evidence, a log line or a report. */
public final class Redactor {

    public static final String MASK = "****";

    private Redactor() {}

    /**
     * The text with each occurrence of each secret replaced by {@code ****}: the secret as is and
     * in the forms it takes inside documents (JSON-escaped, base64, URL-encoded). Null and blank
     * secrets are ignored; a null text stays null.
     */
    public static String redact(String text, Collection<String> secrets) {
        if (text == null || secrets == null) {
            return text;
        }
        List<String> forms = new ArrayList<>();
        for (String secret : secrets) {
            forms.addAll(SecretForms.of(secret));
        }
        forms.sort(Comparator.comparingInt(String::length).reversed());
        return SecretForms.redact(text, forms);
    }
}
