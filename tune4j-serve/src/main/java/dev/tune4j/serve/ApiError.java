package dev.tune4j.serve;

/**
 * A request the server refuses, answered as TEI answers it: {@code {"error", "error_type"}} (or OpenAI's
 * {@code {message, code, type}} on the OpenAI route) with the type's status, unless {@code status} overrides it
 * (413 for a body over the payload limit, 404 for a model that is not served).
 *
 * @param failure the {@code err} label of {@code te_request_failure}, or null for an answer that counts no failure
 */
final class ApiError extends RuntimeException {

    private final ErrorType type;
    private final int status;
    private final String failure;

    ApiError(ErrorType type, String message, String failure) {
        this(type, type.status(), message, failure);
    }

    ApiError(ErrorType type, int status, String message, String failure) {
        super(message, null, false, false);
        this.type = type;
        this.status = status;
        this.failure = failure;
    }

    static ApiError validation(String message) {
        return new ApiError(ErrorType.Validation, message, "validation");
    }

    ErrorType type() {
        return type;
    }

    int status() {
        return status;
    }

    String failure() {
        return failure;
    }
}
