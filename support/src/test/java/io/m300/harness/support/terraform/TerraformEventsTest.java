package io.m300.harness.support.terraform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Terraform's machine-readable UI stream, as Terraform 1.11.4 prints it with -json, read without regexes on its text. */
class TerraformEventsTest {

    private static final String START =
            "{\"@level\":\"info\",\"@message\":\"aws_db_instance.this: Creating...\",\"@module\":\"terraform.ui\","
                    + "\"hook\":{\"resource\":{\"addr\":\"aws_db_instance.this\",\"module\":\"\",\"resource\":\"aws_db_instance.this\"},"
                    + "\"action\":\"create\"},\"type\":\"apply_start\"}";
    private static final String START_VPC = START.replace("aws_db_instance.this", "aws_vpc.this");
    private static final String PROGRESS =
            "{\"@level\":\"info\",\"@message\":\"aws_db_instance.this: Still creating... [10s elapsed]\","
                    + "\"hook\":{\"resource\":{\"addr\":\"aws_db_instance.this\"},\"action\":\"create\",\"elapsed_seconds\":10},\"type\":\"apply_progress\"}";
    private static final String COMPLETE_VPC =
            "{\"@level\":\"info\",\"@message\":\"aws_vpc.this: Creation complete after 1s [id=vpc-1]\","
                    + "\"hook\":{\"resource\":{\"addr\":\"aws_vpc.this\"},\"action\":\"create\",\"id_key\":\"id\",\"id_value\":\"vpc-1\",\"elapsed_seconds\":1},"
                    + "\"type\":\"apply_complete\"}";
    private static final String ERROR =
            "{\"@level\":\"error\",\"@message\":\"Error: creating RDS DB Instance (m300-db): InvalidParameterValue: bad\","
                    + "\"diagnostic\":{\"severity\":\"error\",\"summary\":\"creating RDS DB Instance (m300-db): InvalidParameterValue: bad\","
                    + "\"detail\":\"\",\"address\":\"aws_db_instance.this\",\"range\":{\"filename\":\"rds.tf\",\"start\":{\"line\":1}}},\"type\":\"diagnostic\"}";
    private static final String LOCKED = "{\"@level\":\"error\",\"@message\":\"Error: Error acquiring the state lock\","
            + "\"diagnostic\":{\"severity\":\"error\",\"summary\":\"Error acquiring the state lock\","
            + "\"detail\":\"Error message: operation error S3: PutObject, StatusCode: 412\\nLock Info:\\n  ID: 3f2c\\n  Operation: OperationTypeApply\\n\\n"
            + "Terraform acquires a state lock to protect the state from being written\"},\"type\":\"diagnostic\"}";

    @Test
    void tracksTheResourcesBeingChangedAndSaysWhenOneIsStillBeingChanged() {
        TerraformEvents events = new TerraformEvents();

        assertThat(events.accept(START)).isFalse();
        assertThat(events.accept(START_VPC)).isFalse();
        assertThat(events.inFlight()).containsExactly("aws_db_instance.this", "aws_vpc.this");
        assertThat(events.accept(COMPLETE_VPC)).isFalse();
        assertThat(events.accept(PROGRESS))
                .as("apply_progress: the apply holds the lock")
                .isTrue();

        assertThat(events.inFlight()).containsExactly("aws_db_instance.this");
        assertThat(events.done()).isEqualTo(1);
        assertThat(events.firstError()).isEmpty();
        assertThat(events.text())
                .isEqualTo("aws_db_instance.this: Creating...\naws_vpc.this: Creating...\n"
                        + "aws_vpc.this: Creation complete after 1s [id=vpc-1]\n");
    }

    @Test
    void theFirstErrorDiagnosticIsOneLineNamingItsResource() {
        TerraformEvents events = new TerraformEvents();
        events.accept(START);
        events.accept(ERROR);
        events.accept(LOCKED);

        assertThat(events.firstError())
                .get()
                .extracting(TerraformEvents.Diagnostic::oneLine)
                .isEqualTo("creating RDS DB Instance (m300-db): InvalidParameterValue: bad (aws_db_instance.this)");
        assertThat(events.text())
                .as("rendered as Terraform prints it, so the lock's holder can be read from it")
                .contains(
                        "Error: Error acquiring the state lock\n\nError message: operation error S3: PutObject, StatusCode: 412\n"
                                + "Lock Info:\n  ID: 3f2c\n  Operation: OperationTypeApply");
    }

    @Test
    void aLineThatIsNotAnEventIsKeptAsText() {
        TerraformEvents events = new TerraformEvents();

        assertThat(events.accept("Plan: 0 to add")).isFalse();
        assertThat(events.accept("{\"not\":\"an event\"}")).isFalse();
        assertThat(events.accept("{broken")).isFalse();

        assertThat(events.text()).isEqualTo("Plan: 0 to add\n{\"not\":\"an event\"}\n{broken\n");
        assertThat(events.inFlight()).isEmpty();
    }
}
