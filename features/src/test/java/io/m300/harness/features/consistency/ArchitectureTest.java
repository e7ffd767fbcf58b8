package io.m300.harness.features.consistency;

import static com.tngtech.archunit.base.DescribedPredicate.and;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.core.domain.JavaMember.Predicates.declaredIn;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.m300.harness.features.livingdoc.ArchBadLivingDoc;
import io.m300.harness.steps.ArchBadSteps;
import io.m300.harness.steps.Lifecycle;
import io.m300.harness.support.ArchBadSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of the harness: support is a plain library (no Cucumber, no steps, no features); steps reach
 * the AWS SDK service clients only through support's per-service readers; the living documentation does not
 * talk to AWS at all. Each rule is also checked against a deliberately bad class (src/test, never part of the
 * real import) to show that it can fail.
 */
class ArchitectureTest {

    static final ArchRule SUPPORT_WITHOUT_CUCUMBER = noClasses()
            .that()
            .resideInAPackage("io.m300.harness.support..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.cucumber..")
            .because("support is a plain library, usable without Cucumber");

    static final ArchRule SUPPORT_WITHOUT_STEPS_OR_FEATURES = noClasses()
            .that()
            .resideInAPackage("io.m300.harness.support..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.m300.harness.steps..", "io.m300.harness.features..")
            .because("support sits below steps and features");

    static final ArchRule STEPS_USE_READERS = noClasses()
            .that()
            .resideInAPackage("io.m300.harness.steps..")
            .should()
            .dependOnClassesThat(
                    and(resideInAPackage("software.amazon.awssdk.services.."), simpleNameEndingWith("Client")))
            .because("steps reach AWS only through support's per-service readers (io.m300.harness.support.aws)");

    static final ArchRule SUPPORT_USES_READERS = noClasses()
            .that()
            .resideInAPackage("io.m300.harness.support..")
            .and()
            .resideOutsideOfPackage("io.m300.harness.support.aws..")
            .should()
            .dependOnClassesThat(
                    and(resideInAPackage("software.amazon.awssdk.services.."), simpleNameEndingWith("Client")))
            .because("in support too, only the per-service readers (io.m300.harness.support.aws) and the resource-type "
                    + "descriptions (io.m300.harness.support.aws.types) call AWS SDK clients");

    static final ArchRule LIVINGDOC_WITHOUT_AWS = noClasses()
            .that()
            .resideInAPackage("io.m300.harness.features.livingdoc..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("software.amazon..", "io.m300.harness.support.aws..")
            .because("the living documentation is made from reports, not from AWS");

    static final ArchRule NO_GLOBAL_STATE = noFields()
            .that()
            .areStatic()
            .and()
            .areNotFinal()
            .and()
            .areDeclaredInClassesThat()
            .resideInAPackage("io.m300.harness..")
            .and(not(declaredIn(Lifecycle.class)))
            .should()
            .bePrivate()
            .orShould()
            .notBePrivate()
            .because(
                    "a stack has one owner (a StackSession), not a global: only the Cucumber run's hand-over in steps.Lifecycle may be static")
            .allowEmptyShould(true); // none today: the rule's teeth are shown on ArchBadSupport

    private static JavaClasses harness;

    @BeforeAll
    static void importHarness() {
        harness = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.m300.harness");
        assertThat(harness.stream().map(c -> c.getPackageName()))
                .as("the import sees the support, steps and living-doc classes")
                .anyMatch(p -> p.startsWith("io.m300.harness.support"))
                .anyMatch(p -> p.startsWith("io.m300.harness.steps"))
                .anyMatch(p -> p.startsWith("io.m300.harness.features.livingdoc"))
                .noneMatch(p -> p.equals(ArchBadSteps.class.getName()));
    }

    @Test
    void supportDependsOnNoCucumberClass() {
        SUPPORT_WITHOUT_CUCUMBER.check(harness);
    }

    @Test
    void supportDependsOnNoStepsOrFeaturesClass() {
        SUPPORT_WITHOUT_STEPS_OR_FEATURES.check(harness);
    }

    @Test
    void stepsReachSdkClientsOnlyThroughReaders() {
        STEPS_USE_READERS.check(harness);
    }

    @Test
    void supportReachesSdkClientsOnlyThroughReadersAndResourceTypes() {
        SUPPORT_USES_READERS.check(harness);
    }

    @Test
    void livingDocsDependOnNoAws() {
        LIVINGDOC_WITHOUT_AWS.check(harness);
    }

    @Test
    void noStaticMutableStateOutsideTheRunHandOver() {
        NO_GLOBAL_STATE.check(harness);
    }

    @Test
    void eachRuleFailsOnADeliberatelyBadClass() {
        JavaClasses bad =
                new ClassFileImporter().importClasses(ArchBadSupport.class, ArchBadSteps.class, ArchBadLivingDoc.class);
        assertThatThrownBy(() -> SUPPORT_WITHOUT_CUCUMBER.check(bad)).hasMessageContaining("io.cucumber.java.Scenario");
        assertThatThrownBy(() -> SUPPORT_WITHOUT_STEPS_OR_FEATURES.check(bad)).hasMessageContaining("StackContext");
        assertThatThrownBy(() -> STEPS_USE_READERS.check(bad)).hasMessageContaining("Ec2Client");
        assertThatThrownBy(() -> SUPPORT_USES_READERS.check(bad))
                .hasMessageContaining("ArchBadSupport")
                .hasMessageContaining("S3Client");
        assertThatThrownBy(() -> LIVINGDOC_WITHOUT_AWS.check(bad))
                .hasMessageContaining("AwsClients")
                .hasMessageContaining("software.amazon.awssdk.regions.Region");
        assertThatThrownBy(() -> NO_GLOBAL_STATE.check(bad)).hasMessageContaining("ArchBadSupport.shared");
    }
}
