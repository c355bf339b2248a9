package ai.sahha.bridge.architecture;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** One folder per concern, and no two of them import each other, not even through a third. */
class PackageCyclesTest {

    @Test
    void theBridgesPackagesHaveNoImportCycle() {
        JavaClasses bridge = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("ai.sahha.bridge");
        slices().matching("ai.sahha.bridge.(*)..").should().beFreeOfCycles().check(bridge);
    }
}
