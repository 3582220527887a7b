package dev.portal.scorecard.cel;

/** An expression that does not parse or type-check, with the (1-based) line and column of the first problem. */
public class CheckExpressionException extends RuntimeException {

    private final int line;
    private final int column;
    private final String detail;

    public CheckExpressionException(String message, int line, int column) {
        this(message, line, column, null);
    }

    public CheckExpressionException(String message, int line, int column, String detail) {
        super(message);
        this.line = line;
        this.column = column;
        this.detail = detail;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** CEL's own rendering (with the caret under the problem), when there is one. */
    public String detail() {
        return detail;
    }

    /** "at line L, column C: message". */
    public String describe() {
        return "at line " + line + ", column " + column + ": " + getMessage();
    }
}
