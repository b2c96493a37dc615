package dev.slipway.gateway.job;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.regex.Pattern;

/**
 * Checks the grammar of Docker's distribution reference: {@code [host[:port]/]path[:tag][@digest]},
 * path components in lower case separated by {@code /}, at most 255 characters in the name.
 */
final class ImageReferenceValidator implements ConstraintValidator<ImageReference, String> {

    private static final String ALPHANUMERIC = "[a-z0-9]+";
    private static final String SEPARATOR = "(?:[._]|__|-+)";
    private static final String PATH_COMPONENT = ALPHANUMERIC + "(?:" + SEPARATOR + ALPHANUMERIC + ")*";
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final String DOMAIN =
            "(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT + ")*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?";
    private static final String TAG = "[\\w][\\w.-]{0,127}";
    private static final String DIGEST = "[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}";

    private static final Pattern REFERENCE = Pattern.compile("(?<name>(?:" + DOMAIN + "/)?" + PATH_COMPONENT + "(?:/"
            + PATH_COMPONENT + ")*)(?::" + TAG + ")?(?:@" + DIGEST + ")?");

    private static final int MAX_NAME_LENGTH = 255;

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        if (value == null || value.isBlank()) {
            return true; // @NotBlank reports absence; this constraint judges only what is there
        }
        return isValidReference(value);
    }

    static boolean isValidReference(String value) {
        var matcher = REFERENCE.matcher(value);
        return matcher.matches() && matcher.group("name").length() <= MAX_NAME_LENGTH;
    }
}
