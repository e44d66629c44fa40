package studio.atelier;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import org.junit.jupiter.api.Test;
import org.springframework.data.repository.Repository;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RestController;

import studio.atelier.shared.AdminOnly;

@AnalyzeClasses(packages = "studio.atelier", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule repositoriesArePackagePrivate = classes().that().areAssignableTo(Repository.class)
            .should().notBePublic()
            .because("other modules go through a module's facade, never its repositories");

    @ArchTest
    static final ArchRule controllersLiveInWebPackages = classes().that().areAnnotatedWith(Controller.class)
            .or().areAnnotatedWith(RestController.class)
            .should().resideInAPackage("..web..").andShould().notBePublic()
            .because("controllers are thin, package-private and kept apart from the domain");

    @ArchTest
    static final ArchRule noControllerUsesARepository = noClasses().that().resideInAPackage("studio.atelier..web..")
            .should().dependOnClassesThat().areAssignableTo(Repository.class)
            .because("controllers call services and facades");

    @ArchTest
    static final ArchRule nothingDependsOnWebPackages = noClasses().that().resideInAPackage("studio.atelier..").and().resideOutsideOfPackage("studio.atelier..web..")
            .should().dependOnClassesThat().resideInAPackage("studio.atelier..web..");

    /** Public operations marked {@link AdminOnly}, on the method or on its class. */
    private static final DescribedPredicate<JavaMethod> ADMIN_OPERATIONS = DescribedPredicate.describe("administrators' operations",
            method -> method.getModifiers().contains(JavaModifier.PUBLIC)
                    && (method.isAnnotatedWith(AdminOnly.class) || method.getOwner().isAnnotatedWith(AdminOnly.class)));

    @ArchTest
    static final ArchRule adminOperationsAreCalledOnlyFromTheAdminModule = methods().that(ADMIN_OPERATIONS)
            .should(new ArchCondition<JavaMethod>("be called only from the admin module (or their own class)") {
                @Override
                public void check(JavaMethod method, ConditionEvents events) {
                    for (JavaAccess<?> access : method.getAccessesToSelf()) {
                        boolean fromAdmin = access.getOriginOwner().getPackageName().startsWith("studio.atelier.admin");
                        boolean fromItself = access.getOriginOwner().equals(method.getOwner());
                        if (!fromAdmin && !fromItself) {
                            events.add(SimpleConditionEvent.violated(access, access.getDescription()));
                        }
                    }
                }
            })
            .allowEmptyShould(false)
            .because("the method security on them checks the role of whoever is signed in; the console is the only place "
                    + "that signs administrators' work");

    /** A class longer than this does more than one job; split it along its jobs. */
    private static final int MOST_LINES = 300;

    /** ArchUnit sees classes, not source lines, so this reads the sources themselves. */
    @Test
    void noClassInMainIsOverThreeHundredLines() throws IOException {
        Path sources = Path.of("src/main/java");
        try (Stream<Path> files = Files.walk(sources)) {
            Map<String, Long> tooLong = files.filter(f -> f.toString().endsWith(".java"))
                    .collect(Collectors.toMap(f -> sources.relativize(f).toString().replace('\\', '/'), ArchitectureTest::lines))
                    .entrySet().stream().filter(e -> e.getValue() > MOST_LINES)
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
            assertThat(tooLong).as("classes over %d lines", MOST_LINES).isEmpty();
        }
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
