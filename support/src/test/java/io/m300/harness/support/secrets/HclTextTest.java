package io.m300.harness.support.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HclTextTest {

    @Test
    void commentsBecomeSpacesOfTheSameLengthOnTheSameLines() {
        String text = "a = 1 # note\nb = 2 // note\n/* one\ntwo */ c = 3\n";
        String blanked = HclText.blankComments(text);
        assertThat(blanked).hasSameSizeAs(text);
        assertThat(blanked.lines()).containsExactly("a = 1       ", "b = 2        ", "      ", "       c = 3");
    }

    @Test
    void commentMarkersInStringsAndInterpolationsAreText() {
        String text = "url = \"http://x/#top\"\nv = \"${lookup(m, \"k#\")} // kept\"\n";
        assertThat(HclText.blankComments(text)).isEqualTo(text);
    }

    @Test
    void aHeredocBodyIsNoCodeItsMarkersAreBlanked() {
        String text = "script = <<EOF\nrm -rf /tmp/* \"x\" = {y}\nEOF\nafter = 1 # c\n";
        assertThat(HclText.blankComments(text).lines())
                .containsExactly("script = <<EOF", "rm -rf /tmp/*  x     y ", "EOF", "after = 1    ");
    }

    @Test
    void stringsFollowTheirInterpolations() {
        HclText.Strings strings = new HclText.Strings();
        String code = "\"a${f(\"}\")}b\"{";
        StringBuilder codeChars = new StringBuilder();
        int i = 0;
        while (i < code.length()) {
            int skip = strings.skip(code, i);
            if (skip == 0) {
                codeChars.append(code.charAt(i));
                skip = 1;
            }
            i += skip;
        }
        assertThat(codeChars).hasToString("f(){");
    }
}
