package io.vireo.console.web;

import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;

/**
 * Post/redirect/get for the small forms of list and admin pages: validate the request as the API would,
 * run the change, and come back to the page with a notice or the reason it was refused. "Not found" and
 * "forbidden" are not messages: they answer with their status like any other page.
 */
@Component
public class PageActions {

    private final Validator validator;

    PageActions(Validator validator) {
        this.validator = validator;
    }

    public String run(RedirectAttributes redirect, String target, String success, Object request, Runnable change) {
        return run(redirect, () -> target, success, request, () -> {
            change.run();
            return null;
        });
    }

    /** As {@link #run(RedirectAttributes, String, String, Object, Runnable)}, going where the change's result says. */
    public <T> String run(RedirectAttributes redirect, Supplier<String> fallbackTarget, String success, Object request,
            Supplier<String> change) {
        if (request != null) {
            Set<ConstraintViolation<Object>> violations = validator.validate(request);
            if (!violations.isEmpty()) {
                redirect.addFlashAttribute("problem", violations.stream()
                        .map(v -> v.getPropertyPath() + ": " + v.getMessage()).sorted()
                        .collect(Collectors.joining("; ")));
                return "redirect:" + fallbackTarget.get();
            }
        }
        try {
            String target = change.get();
            redirect.addFlashAttribute("notice", success);
            return "redirect:" + (target == null ? fallbackTarget.get() : target);
        } catch (ErrorResponseException refusal) {
            if (refusal.getStatusCode().value() == 404) {
                throw refusal;
            }
            redirect.addFlashAttribute("problem", refusal.getBody().getDetail());
            return "redirect:" + fallbackTarget.get();
        }
    }
}
