package dev.slipway.gateway.job;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.Map;
import java.util.regex.Pattern;

/** Reports each bad variable on its own, as {@code env.NAME}, so the client sees which one to fix. */
final class EnvironmentNamesValidator implements ConstraintValidator<EnvironmentNames, Map<String, String>> {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    @Override
    public boolean isValid(Map<String, String> env, ConstraintValidatorContext context) {
        if (env == null) {
            return true;
        }
        boolean valid = true;
        context.disableDefaultConstraintViolation();
        for (Map.Entry<String, String> variable : env.entrySet()) {
            String reason = null;
            if (variable.getKey() == null || !NAME.matcher(variable.getKey()).matches()) {
                reason = "is not a valid variable name (letters, digits and '_', not starting with a digit)";
            } else if (variable.getValue() == null) {
                reason = "must not be null";
            } else if (variable.getValue().indexOf('\0') >= 0) {
                reason = "must not contain NUL characters";
            }
            if (reason != null) {
                valid = false;
                context.buildConstraintViolationWithTemplate(reason.replace("{", "\\{"))
                        .addPropertyNode(String.valueOf(variable.getKey()))
                        .addConstraintViolation();
            }
        }
        return valid;
    }
}
