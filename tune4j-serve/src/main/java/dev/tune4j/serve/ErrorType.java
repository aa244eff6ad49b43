package dev.tune4j.serve;

/** TEI's error kinds ({@code router/src/lib.rs}), serialized as named (PascalCase), each with its fixed status. */
enum ErrorType {
    Unhealthy(503),
    Backend(424),
    Overloaded(429),
    Validation(422),
    Tokenizer(422),
    Empty(400);

    private final int status;

    ErrorType(int status) {
        this.status = status;
    }

    int status() {
        return status;
    }
}
