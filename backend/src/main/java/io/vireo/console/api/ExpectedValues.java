package io.vireo.console.api;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.http.converter.HttpMessageNotReadableException;

import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Says which field of a request could not be read and what it accepts (an enum's values, a number's
 * range), where Spring would only say "Failed to read request".
 */
final class ExpectedValues {

    private ExpectedValues() {
    }

    /** The field a JSON body got wrong and what it accepts; empty when the body is not even JSON. */
    static Optional<Map<String, String>> fieldError(HttpMessageNotReadableException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JacksonException json && !json.getPath().isEmpty()) {
                return Optional.of(Map.of("field", path(json), "message", problem(json)));
            }
        }
        return Optional.empty();
    }

    /** What a value of {@code type} may be, as a person reads it: "one of A, B", "a whole number from … to …". */
    static String of(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name())
                    .collect(Collectors.joining(", "));
        }
        if (type == int.class || type == Integer.class) {
            return "a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        }
        if (type == long.class || type == Long.class) {
            return "a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        return type == String.class ? "text" : "a " + type.getSimpleName();
    }

    private static String problem(JacksonException e) {
        if (e instanceof UnrecognizedPropertyException) {
            return "not a field of this request";
        }
        Class<?> type = targetType(e);
        return type == null ? "is not well-formed JSON" : "must be " + of(type);
    }

    private static Class<?> targetType(JacksonException e) {
        if (e instanceof MismatchedInputException mismatch) {
            return mismatch.getTargetType();
        }
        return e instanceof InputCoercionException coercion ? coercion.getTargetType() : null;
    }

    /** {@code disks[1].sizeGib}: the JSON path the way the API's validation errors name fields. */
    private static String path(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference step : e.getPath()) {
            if (step.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(step.getPropertyName());
            } else if (step.getIndex() >= 0) {
                path.append('[').append(step.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
