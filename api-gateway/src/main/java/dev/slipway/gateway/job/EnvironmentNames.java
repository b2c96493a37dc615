package dev.slipway.gateway.job;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Every key of the annotated map is a POSIX environment variable name and no value is null. */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = EnvironmentNamesValidator.class)
public @interface EnvironmentNames {

    String message() default "has an invalid variable";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
