package io.m300.harness.support.report.findings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.m300.harness.support.HarnessException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The waiver file (YAML, documented in docs/findings.md): a list {@code waivers:} of entries with
 * {@code control}, optional {@code resource}, {@code reason}, {@code owner}, {@code created} and
 * {@code expires} (ISO dates). Whatever is wrong with it is one line ({@link HarnessException}) that
 * names the file, the entry and what to do; nothing in it is guessed.
 */
public final class Waivers {

    private static final Pattern CONTROL = Pattern.compile("[A-Z]+-\\d+");
    private static final Set<String> FIELDS = Set.of("control", "resource", "reason", "owner", "created", "expires");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Waivers() {}

    /** The waivers of {@code file}; none when it does not exist. */
    public static List<Waiver> read(Path file) {
        if (file == null || !Files.exists(file)) {
            return List.of();
        }
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new HarnessException(file + ": cannot read the waiver file (" + e.getMessage() + ")");
        }
    }

    /** Parses the text of a waiver file; {@code name} says which file in messages. */
    public static List<Waiver> parse(String yaml, String name) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new HarnessException(name + ": not YAML ("
                    + e.getOriginalMessage().lines().findFirst().orElse("") + "); see docs/findings.md for the format");
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return List.of();
        }
        JsonNode list = root.path("waivers");
        if (!root.isObject() || !list.isArray() || root.size() != 1) {
            throw new HarnessException(
                    name + ": expected one key, 'waivers:', holding a list of waivers; see docs/findings.md");
        }
        List<Waiver> out = new ArrayList<>();
        int i = 0;
        for (JsonNode w : list) {
            i++;
            String where = name + ", waiver " + i;
            if (!w.isObject()) {
                throw new HarnessException(where + ": expected control, reason, owner, created and expires");
            }
            for (Iterator<String> f = w.fieldNames(); f.hasNext(); ) {
                String field = f.next();
                if (!FIELDS.contains(field)) {
                    throw new HarnessException(where + ": unknown field '" + field
                            + "' (known: control, resource, reason, owner, created, expires)");
                }
            }
            String control = required(w, "control", where);
            if (!CONTROL.matcher(control).matches()) {
                throw new HarnessException(where + ": control '" + control + "' is not a control ID such as NET-04");
            }
            String resource =
                    w.hasNonNull("resource") && !w.path("resource").asText().isBlank()
                            ? w.path("resource").asText().strip()
                            : null;
            LocalDate created = date(w, "created", where);
            LocalDate expires = date(w, "expires", where);
            if (!expires.isAfter(created)) {
                throw new HarnessException(where + " (" + control + "): expires " + expires
                        + ", which was already past when it was created on " + created
                        + "; give an expiry after the creation date");
            }
            out.add(new Waiver(
                    i, control, resource, required(w, "reason", where), required(w, "owner", where), created, expires));
        }
        return List.copyOf(out);
    }

    private static String required(JsonNode w, String field, String where) {
        JsonNode v = w.get(field);
        if (v == null || v.isNull() || !v.isValueNode() || v.asText().isBlank()) {
            throw new HarnessException(where + ": '" + field + "' is missing or empty");
        }
        return v.asText().strip();
    }

    private static LocalDate date(JsonNode w, String field, String where) {
        String v = required(w, field, where);
        try {
            return LocalDate.parse(v);
        } catch (DateTimeParseException e) {
            throw new HarnessException(where + ": '" + field + "' is '" + v + "', not a date such as 2027-01-31");
        }
    }
}
