package io.m300.harness.features.livingdoc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.ext.gfm.tables.TableBlock;
import org.commonmark.ext.gfm.tables.TableBody;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TableHead;
import org.commonmark.ext.gfm.tables.TableRow;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.SourceSpan;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

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
    public record Control(String id, String area, String statement, String evidence, String behaviour, String mutant) {
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
            return "@"
                    + name.toLowerCase(Locale.ROOT)
                            .replaceAll("[^a-z0-9]+", "-")
                            .replaceAll("(^-|-$)", "");
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

    // ------------------------------------------------------------------ parser

    private static final Pattern AREA_HEADING = Pattern.compile("(\\d+)\\.\\s+(.+)");
    private static final Parser MARKDOWN = Parser.builder()
            .extensions(List.of(TablesExtension.create()))
            .includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES)
            .build();

    /** The columns of an area's table and of the mapping table: a header cell names one of them by its first word. */
    private static final List<String> CONTROL_COLUMNS = List.of("id", "statement", "evidence", "behaviour", "mutant");

    private static final List<String> MAPPING_COLUMNS = List.of("control", "security hub", "cis", "note");

    /**
     * Parses the catalogue's markdown (CommonMark with GFM tables). Under a numbered heading
     * ({@code ## 2. Network security}) every table is a table of controls, under the Security Hub
     * heading the mapping table; their header must name exactly the known columns. Any row that
     * does not fit (a cell that is no control ID, a missing or extra cell, a control listed twice),
     * a table of controls elsewhere, or an unknown column fails with one line naming the line of
     * the catalogue: a catalogue edit cannot silently drop a control from the documentation. Cells
     * keep the catalogue's inline markdown (backticks, bold); an escaped pipe is a pipe.
     */
    public static Catalogue parse(String markdown) {
        String source = markdown.replace("\r\n", "\n");
        return new Reader(source).read(MARKDOWN.parse(source));
    }

    public static boolean isNone(String cell) {
        String t = cell == null ? "" : cell.trim();
        return t.isEmpty() || t.equals("—") || t.equals("-") || t.equals("–");
    }

    /** One walk over the document's top-level blocks, in order. */
    private static final class Reader {
        private final String source;
        private String title = "Control catalogue";
        private final List<Area> areas = new ArrayList<>();
        private final List<Beyond> beyond = new ArrayList<>();
        private final List<Mapping> mappings = new ArrayList<>();
        private final Map<String, Integer> ids = new LinkedHashMap<>();
        private String section = "";
        private String heading = "";
        private Area area;

        Reader(String source) {
            this.source = source;
        }

        Catalogue read(Node document) {
            for (Node block = document.getFirstChild(); block != null; block = block.getNext()) {
                if (block instanceof Heading h) {
                    heading(h);
                } else if (block instanceof TableBlock table) {
                    table(table);
                } else if (block instanceof BulletList list && section.equals("beyond")) {
                    for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
                        beyondItem(item);
                    }
                }
            }
            List<Area> frozen = areas.stream()
                    .map(a -> new Area(a.number(), a.title(), List.copyOf(a.controls())))
                    .toList();
            return new Catalogue(title, frozen, List.copyOf(beyond), List.copyOf(mappings));
        }

        private void heading(Heading h) {
            String text = plain(h);
            if (h.getLevel() == 1) {
                title = text;
                return;
            }
            if (h.getLevel() != 2) {
                return;
            }
            heading = text;
            area = null;
            Matcher m = AREA_HEADING.matcher(text);
            if (m.matches()) {
                area = new Area(m.group(1), m.group(2), new ArrayList<>());
                areas.add(area);
                section = "area";
            } else {
                String name = text.toLowerCase(Locale.ROOT);
                section = name.startsWith("scenarios beyond")
                        ? "beyond"
                        : name.contains("security hub") ? "mapping" : "other";
            }
        }

        private void table(TableBlock table) {
            List<String> header = cells(rows(table, TableHead.class).get(0)).stream()
                    .map(c -> plain(c).toLowerCase(Locale.ROOT))
                    .toList();
            boolean controls = !header.isEmpty() && header.get(0).equals("id");
            boolean mapping = !header.isEmpty() && header.get(0).startsWith("control");
            if (section.equals("area") && controls) {
                Map<String, Integer> column = columns(table, header, CONTROL_COLUMNS);
                rows(table, TableBody.class).forEach(row -> control(row, column, header.size()));
            } else if (section.equals("mapping") && mapping) {
                Map<String, Integer> column = columns(table, header, MAPPING_COLUMNS);
                rows(table, TableBody.class).forEach(row -> mapping(row, column, header.size()));
            } else if (controls || mapping || section.equals("area") || section.equals("mapping")) {
                throw error(
                        table,
                        "a table with the columns " + header + " under '## " + heading + "': tables of controls "
                                + "belong under a numbered area heading ('## 2. Network security'), the mapping under the Security Hub heading");
            }
        }

        /** Which cell holds which known column; every header cell must be one of them, each once. */
        private Map<String, Integer> columns(TableBlock table, List<String> header, List<String> known) {
            Map<String, Integer> column = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                String name = header.get(i);
                String key = known.stream()
                        .filter(name::startsWith)
                        .findFirst()
                        .orElseThrow(() -> error(
                                table,
                                "unexpected column '" + name + "' (the table's columns begin with " + known + ")"));
                if (column.put(key, i) != null) {
                    throw error(table, "two columns '" + key + "'");
                }
            }
            if (column.size() != known.size()) {
                throw error(table, "the table lacks a column of " + known + " (it has " + header + ")");
            }
            return column;
        }

        private void control(TableRow row, Map<String, Integer> column, int width) {
            List<String> cells = cells(row, width);
            String id = plain(cells(row).get(column.get("id"))).trim();
            if (!CONTROL_ID.matcher(id).matches()) {
                throw error(row, "'" + id + "' is not a control ID like NET-01");
            }
            Integer first = ids.putIfAbsent(id, line(row));
            if (first != null) {
                throw error(row, "control " + id + " is listed twice (first at line " + first + ")");
            }
            String statement = cells.get(column.get("statement"));
            if (statement.isBlank()) {
                throw error(row, "control " + id + " has no statement");
            }
            area.controls()
                    .add(new Control(
                            id,
                            area.title(),
                            statement,
                            cells.get(column.get("evidence")),
                            cells.get(column.get("behaviour")),
                            cells.get(column.get("mutant"))));
        }

        private void mapping(TableRow row, Map<String, Integer> column, int width) {
            List<String> cells = cells(row, width);
            List<String> controls = new ArrayList<>();
            for (String id : plain(cells(row).get(column.get("control"))).split(",")) {
                if (!CONTROL_ID.matcher(id.trim()).matches()) {
                    throw error(row, "mapping row names '" + id.trim() + "', which is not a control ID like NET-01");
                }
                controls.add(id.trim());
            }
            mappings.add(new Mapping(
                    List.copyOf(controls),
                    cells.get(column.get("security hub")),
                    cells.get(column.get("cis")),
                    cells.get(column.get("note"))));
        }

        /** A bullet {@code - **Drift**: what it shows}: its bold name and the markdown after it. */
        private void beyondItem(Node item) {
            Node paragraph = item.getFirstChild();
            if (!(paragraph instanceof Paragraph) || !(paragraph.getFirstChild() instanceof StrongEmphasis name)) {
                throw error(item, "a scenario beyond single controls starts with its **name**");
            }
            String text = source(paragraph);
            String rest =
                    text.substring(source(name).length()).replaceFirst("^:", "").trim();
            beyond.add(new Beyond(plain(name).trim(), rest));
        }

        /** The cells of a row as the catalogue's markdown; a row with fewer or more cells than the header fails. */
        private List<String> cells(TableRow row, int width) {
            List<TableCell> cells = cells(row);
            // GFM fills a short row with empty cells (no source) and drops a long row's excess: both are errors here
            long written =
                    cells.stream().filter(c -> !c.getSourceSpans().isEmpty()).count();
            SourceSpan last = row.getSourceSpans().get(0);
            String after = cells.isEmpty()
                            || cells.get(cells.size() - 1).getSourceSpans().isEmpty()
                    ? ""
                    : source.substring(end(cells.get(cells.size() - 1)), last.getInputIndex() + last.getLength());
            if (written < width || !after.replace("|", "").isBlank()) {
                throw error(
                        row,
                        "the row has " + (written < width ? written : "more than " + width) + " cells, its table "
                                + width);
            }
            return cells.stream().map(c -> source(c).trim().replace("\\|", "|")).toList();
        }

        private static List<TableCell> cells(TableRow row) {
            List<TableCell> cells = new ArrayList<>();
            for (Node c = row.getFirstChild(); c != null; c = c.getNext()) {
                cells.add((TableCell) c);
            }
            return cells;
        }

        private static List<TableRow> rows(TableBlock table, Class<? extends Node> part) {
            List<TableRow> rows = new ArrayList<>();
            for (Node p = table.getFirstChild(); p != null; p = p.getNext()) {
                if (part.isInstance(p)) {
                    for (Node r = p.getFirstChild(); r != null; r = r.getNext()) {
                        rows.add((TableRow) r);
                    }
                }
            }
            return rows;
        }

        /** The markdown a node was parsed from, its lines joined by a space. */
        private String source(Node node) {
            List<String> lines = new ArrayList<>();
            for (SourceSpan span : node.getSourceSpans()) {
                lines.add(source.substring(span.getInputIndex(), span.getInputIndex() + span.getLength())
                        .trim());
            }
            return String.join(" ", lines);
        }

        private static int end(Node node) {
            List<SourceSpan> spans = node.getSourceSpans();
            SourceSpan last = spans.get(spans.size() - 1);
            return last.getInputIndex() + last.getLength();
        }

        private static int line(Node node) {
            return node.getSourceSpans().isEmpty()
                    ? 0
                    : node.getSourceSpans().get(0).getLineIndex() + 1;
        }

        private static IllegalArgumentException error(Node node, String message) {
            return new IllegalArgumentException("controls.md line " + line(node) + ": " + message);
        }
    }

    /** A node's text without its markup: {@code **`NET-01`**} is {@code NET-01}. */
    private static String plain(Node node) {
        StringBuilder text = new StringBuilder();
        node.accept(new AbstractVisitor() {
            @Override
            public void visit(Text t) {
                text.append(t.getLiteral());
            }

            @Override
            public void visit(Code c) {
                text.append(c.getLiteral());
            }

            @Override
            public void visit(SoftLineBreak b) {
                text.append(' ');
            }
        });
        return text.toString().replaceAll("\\s+", " ").trim();
    }
}
