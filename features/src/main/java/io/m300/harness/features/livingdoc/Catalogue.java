package io.m300.harness.features.livingdoc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The control catalogue ({@code controls.md}) as data: its areas with their controls, the
 * scenarios beyond single controls, and the mapping to AWS Security Hub and CIS. The catalogue
 * drives the living documentation: a control listed here and run by no scenario is shown as
 * "not yet covered", never left out.
 */
public record Catalogue(String title, List<Area> areas, List<Beyond> beyond, List<Mapping> mappings) {

    /** A control ID as used in tags: {@code NET-01}, {@code STATE-03}. */
    public static final Pattern CONTROL_ID = Pattern.compile("[A-Z]+-\\d+");

    /** One numbered section of the catalogue ({@code ## 2. Network security}). */
    public record Area(String number, String title, List<Control> controls) {
        public String anchor() {
            return "area-" + number;
        }
    }

    /** One row of an area's table. Cells hold the catalogue's markdown (backticks, bold). */
    public record Control(String id, String area, String statement, String evidence, String behaviour,
            String mutant) {
        /** True when the catalogue names a behavioural proof for this control ("—" means none). */
        public boolean hasBehaviour() {
            return !isNone(behaviour);
        }

        public boolean hasConfigurationEvidence() {
            return !isNone(evidence);
        }
    }

    /** One bullet of "Scenarios beyond single controls", e.g. {@code **Drift**: ...}. */
    public record Beyond(String name, String description) {
        /** The tag a scenario of this kind carries: {@code @drift} for "Drift". */
        public String tag() {
            return "@" + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        }
    }

    /** One row of the Security Hub / CIS mapping; a row may name several controls. */
    public record Mapping(List<String> controls, String securityHub, String cis, String note) {
        public boolean beyondSecurityHub() {
            return securityHub.trim().equalsIgnoreCase("none");
        }
    }

    public List<Control> controls() {
        return areas.stream().flatMap(a -> a.controls().stream()).toList();
    }

    public Optional<Control> control(String id) {
        return controls().stream().filter(c -> c.id().equals(id)).findFirst();
    }

    public List<Mapping> mappingsOf(String controlId) {
        return mappings.stream().filter(m -> m.controls().contains(controlId)).toList();
    }

    public static boolean isNone(String cell) {
        String t = cell == null ? "" : cell.trim();
        return t.isEmpty() || t.equals("—") || t.equals("-") || t.equals("–");
    }

    // ------------------------------------------------------------------ parser

    private static final Pattern AREA_HEADING = Pattern.compile("^##\\s+(\\d+)\\.\\s+(.+?)\\s*$");
    private static final Pattern BEYOND_ITEM = Pattern.compile("^-\\s+\\*\\*(.+?)\\*\\*:?\\s*(.*)$");

    /**
     * Parses the catalogue's markdown. Tables are recognised by their header row: an area's table
     * has an {@code ID} and a {@code Statement} column, the mapping table a {@code control} and a
     * {@code Security Hub} column. Fails loudly on a control row that does not fit, so that a
     * catalogue edit cannot silently drop a control from the documentation.
     */
    public static Catalogue parse(String markdown) {
        String title = "Control catalogue";
        List<Area> areas = new ArrayList<>();
        List<Beyond> beyond = new ArrayList<>();
        List<Mapping> mappings = new ArrayList<>();

        String section = "";
        Area currentArea = null;
        List<String> header = null;
        Beyond openBeyond = null;
        Map<String, Integer> ids = new LinkedHashMap<>();

        String[] lines = markdown.replace("\r\n", "\n").split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String trimmed = line.trim();
            if (line.startsWith("# ")) {
                title = line.substring(2).trim();
                continue;
            }
            if (line.startsWith("## ")) {
                openBeyond = flush(beyond, openBeyond);
                header = null;
                Matcher m = AREA_HEADING.matcher(line);
                if (m.matches()) {
                    currentArea = new Area(m.group(1), m.group(2), new ArrayList<>());
                    areas.add(currentArea);
                    section = "area";
                } else {
                    currentArea = null;
                    String name = line.substring(3).trim().toLowerCase(Locale.ROOT);
                    section = name.startsWith("scenarios beyond") ? "beyond"
                            : name.contains("security hub") ? "mapping" : "other";
                }
                continue;
            }
            if (section.equals("beyond")) {
                Matcher m = BEYOND_ITEM.matcher(trimmed);
                if (m.matches()) {
                    openBeyond = flush(beyond, openBeyond);
                    openBeyond = new Beyond(m.group(1).trim(), m.group(2).trim());
                } else if (openBeyond != null && !trimmed.isEmpty() && !trimmed.startsWith("-")) {
                    openBeyond = new Beyond(openBeyond.name(), (openBeyond.description() + " " + trimmed).trim());
                } else if (trimmed.isEmpty() || trimmed.startsWith("-")) {
                    openBeyond = flush(beyond, openBeyond);
                }
                continue;
            }
            if (!trimmed.startsWith("|")) {
                header = null;
                continue;
            }
            List<String> cells = cells(trimmed);
            if (header == null) {
                header = cells.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
                continue;
            }
            if (cells.stream().allMatch(c -> c.matches(":?-{2,}:?"))) {
                continue; // the separator row
            }
            if (section.equals("area") && currentArea != null && header.contains("id")) {
                String id = cell(cells, header, "id");
                if (!CONTROL_ID.matcher(id).matches()) {
                    throw new IllegalArgumentException("controls.md line " + (i + 1) + ": '" + id
                            + "' is not a control ID like NET-01");
                }
                if (ids.put(id, i + 1) != null) {
                    throw new IllegalArgumentException("controls.md line " + (i + 1) + ": control " + id
                            + " is listed twice (first at line " + ids.get(id) + ")");
                }
                currentArea.controls().add(new Control(id, currentArea.title(), cell(cells, header, "statement"),
                        cell(cells, header, "evidence"), cell(cells, header, "behaviour"),
                        cell(cells, header, "mutant")));
            } else if (section.equals("mapping") && !header.isEmpty() && header.get(0).startsWith("control")) {
                List<String> controls = new ArrayList<>();
                Matcher m = CONTROL_ID.matcher(cells.get(0));
                while (m.find()) {
                    controls.add(m.group());
                }
                mappings.add(new Mapping(List.copyOf(controls), cell(cells, header, "security hub"),
                        cell(cells, header, "cis"), cell(cells, header, "note")));
            }
        }
        flush(beyond, openBeyond);
        List<Area> frozen = areas.stream()
                .map(a -> new Area(a.number(), a.title(), List.copyOf(a.controls()))).toList();
        return new Catalogue(title, frozen, List.copyOf(beyond), List.copyOf(mappings));
    }

    private static Beyond flush(List<Beyond> beyond, Beyond open) {
        if (open != null) {
            beyond.add(open);
        }
        return null;
    }

    /** The cell under the first header that contains {@code name}; empty when there is none. */
    private static String cell(List<String> cells, List<String> header, String name) {
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).contains(name)) {
                return i < cells.size() ? cells.get(i) : "";
            }
        }
        return "";
    }

    /** Splits a markdown table row into trimmed cells; a pipe inside backticks or escaped stays. */
    static List<String> cells(String row) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean code = false;
        String body = row.trim();
        if (body.startsWith("|")) {
            body = body.substring(1);
        }
        if (body.endsWith("|") && !body.endsWith("\\|")) {
            body = body.substring(0, body.length() - 1);
        }
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length() && body.charAt(i + 1) == '|') {
                cell.append('|');
                i++;
            } else if (c == '`') {
                code = !code;
                cell.append(c);
            } else if (c == '|' && !code) {
                cells.add(cell.toString().trim());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString().trim());
        return cells;
    }
}
