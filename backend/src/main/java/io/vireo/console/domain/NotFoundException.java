package io.vireo.console.domain;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The object does not exist, or the caller may not know that it exists: both answer 404 so that
 * guessing ids of another team's objects reveals nothing.
 */
public class NotFoundException extends ErrorResponseException {

    public NotFoundException(String kind, Object id) {
        super(HttpStatus.NOT_FOUND, detail(kind + " " + id + " was not found"), null);
    }

    private static ProblemDetail detail(String text) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, text);
        problem.setTitle("Not found");
        return problem;
    }
}
