package io.vireo.console.web;

import java.util.Set;

import org.springframework.stereotype.Component;
import org.springframework.validation.BindingResult;
import org.springframework.web.ErrorResponseException;

import io.vireo.console.domain.InvalidFieldException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

/**
 * Puts the API's validation rules and the services' refusals onto a page form, next to the field they
 * name, so a form and the API never disagree about what is valid.
 */
@Component
public class FormErrors {

    private final Validator validator;

    FormErrors(Validator validator) {
        this.validator = validator;
    }

    /** Validates {@code request} and reports each violation on the form field of the same path. */
    public <T> boolean validate(T request, BindingResult form) {
        Set<ConstraintViolation<T>> violations = validator.validate(request);
        for (ConstraintViolation<T> violation : violations) {
            String field = violation.getPropertyPath().toString().replaceAll("\\.<[^>]+>", "");
            if (form.hasFieldErrors(field)) {
                continue;
            }
            form.rejectValue(field, "invalid", violation.getMessage());
        }
        return !form.hasErrors();
    }

    /** A service refusal: on its field when it names one, else on the whole form. */
    public void reject(ErrorResponseException refusal, BindingResult form) {
        if (refusal instanceof InvalidFieldException invalid) {
            form.rejectValue(invalid.field(), "invalid", invalid.message());
        } else {
            form.reject("refused", refusal.getBody().getDetail());
        }
    }
}
