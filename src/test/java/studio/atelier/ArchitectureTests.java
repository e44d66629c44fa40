package studio.atelier;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import org.springframework.data.repository.Repository;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RestController;

@AnalyzeClasses(packages = "studio.atelier", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

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
}
