package dev.slipway.gateway.job;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The annotated string, when present, is a Docker image reference such as {@code registry:5000/a/b:tag}. */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = ImageReferenceValidator.class)
public @interface ImageReference {

    String message() default "is not a valid Docker image reference";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
