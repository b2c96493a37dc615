package dev.slipway.gateway.job;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import jakarta.validation.constraints.Pattern;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The annotated string, when present, is a pool's name (or a template's, which follows the same
 * rule): what a queue name can carry, as {@link dev.slipway.model.JobTopology#POOL_NAME} says.
 */
@Pattern(regexp = PoolName.PATTERN, message = PoolName.RULE)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = {})
public @interface PoolName {

    String PATTERN = "[a-z0-9][a-z0-9._-]{0,62}";
    String RULE = "must be 1-63 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit";

    String message() default RULE;

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};
}
