package dev.mailward.shared.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * Not-found answers have one source: every module's not-found exception extends
 * {@code shared.NotFound}, and only {@link NotFoundAdvice} handles one (the status, page and
 * problem shape themselves are pinned by the role matrix and {@code ApiProblemShapeIntegrationTests}).
 */
class NotFoundAdviceTests {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.mailward");

    /** Named as a not-found exception: {@code *NotFound*} or {@code NoSuch*}. */
    private static boolean namedNotFound(Class<?> type) {
        return type.getSimpleName().contains("NotFound") || type.getSimpleName().startsWith("NoSuch");
    }

    @Test
    void onlyTheOneAdviceHandlesNotFoundExceptions() {
        List<String> handlers = new ArrayList<>();
        for (JavaClass c : MAIN) {
            for (Method m : c.reflect().getDeclaredMethods()) {
                ExceptionHandler h = m.getAnnotation(ExceptionHandler.class);
                if (h == null) {
                    continue;
                }
                Stream.concat(Stream.of(h.value()), Stream.of(m.getParameterTypes()))
                        .filter(Throwable.class::isAssignableFrom)
                        .filter(NotFoundAdviceTests::namedNotFound)
                        .distinct()
                        .forEach(t ->
                                handlers.add(c.getSimpleName() + "." + m.getName() + "(" + t.getSimpleName() + ")"));
            }
        }
        assertThat(handlers).containsExactly("NotFoundAdvice.notFound(NotFound)");
    }

    @Test
    void everyNotFoundExceptionExtendsTheOneMarker() {
        List<String> strays = MAIN.stream()
                .map(JavaClass::reflect)
                .filter(Throwable.class::isAssignableFrom)
                .filter(NotFoundAdviceTests::namedNotFound)
                .filter(t -> !t.getName().equals("dev.mailward.shared.NotFound"))
                .filter(t -> !extendsNotFound(t))
                .map(Class::getName)
                .toList();
        assertThat(strays).isEmpty();
    }

    private static boolean extendsNotFound(Class<?> type) {
        for (Class<?> s = type.getSuperclass(); s != null; s = s.getSuperclass()) {
            if (s.getName().equals("dev.mailward.shared.NotFound")) {
                return true;
            }
        }
        return false;
    }
}
