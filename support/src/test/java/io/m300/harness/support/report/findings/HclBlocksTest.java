package io.m300.harness.support.report.findings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class HclBlocksTest {

    @Test
    void findsTopLevelHeadersWithTheirLinesAndSkipsWhatLooksLikeOneInsideStringsHeredocsAndComments() {
        String tf = String.join(
                "\n",
                "# resource \"aws_vpc\" \"in_comment\" {",
                "resource \"aws_vpc\" \"main\" {",
                "  cidr_block = \"10.0.0.0/16\"",
                "  tags = { Name = \"${var.prefix}-}{vpc\" }",
                "}",
                "/* resource \"aws_x\" \"hidden\" {",
                "} */",
                "data \"aws_iam_policy_document\" \"p\" {",
                "  statement {",
                "    actions = [\"s3:*\"]",
                "  }",
                "}",
                "resource \"aws_iam_policy\" \"q\" {",
                "  policy = <<-EOT",
                "resource \"aws_fake\" \"in_heredoc\" {",
                "  EOT",
                "}",
                "module \"net\" {",
                "  source = \"./modules/network\"",
                "  zones  = { a = \"x\" }",
                "}",
                "locals { a = 1 }");
        List<HclBlocks.Block> blocks = HclBlocks.scan(tf);
        assertThat(blocks)
                .extracting(b -> b.kind() + " " + String.join(".", b.labels()) + " @" + b.line())
                .containsExactly(
                        "resource aws_vpc.main @2",
                        "data aws_iam_policy_document.p @8",
                        "resource aws_iam_policy.q @13",
                        "module net @18",
                        "locals  @22");
        assertThat(blocks.get(3).attributes()).containsEntry("source", "./modules/network");
    }

    @Test
    void aBraceInsideAStringDoesNotEndTheBlock() {
        List<HclBlocks.Block> blocks =
                HclBlocks.scan("resource \"a\" \"b\" {\n  x = \"}\"\n  y = \"{\"\n}\nresource \"a\" \"c\" {\n}\n");
        assertThat(blocks).extracting(HclBlocks.Block::line).containsExactly(1, 5);
    }
}
