package dev.claudeconnector.cli;

/**
 * One line of {@code status}: what was checked, whether it is fine, and what to do when it is not.
 *
 * @param needed whether a failure means the connector cannot work (and {@code status} exits 1);
 *               the other checks only make the setup more convenient
 * @param advice one line saying what to do, or {@code null} when there is nothing to do
 */
record StatusCheck(String name, boolean ok, boolean needed, String detail, String advice) {
    static StatusCheck pass(String name, boolean needed, String detail) {
        return new StatusCheck(name, true, needed, detail, null);
    }

    static StatusCheck fail(String name, boolean needed, String detail, String advice) {
        return new StatusCheck(name, false, needed, detail, advice);
    }

    /** True when this check stands between the user and a working setup. */
    boolean blocking() {
        return needed && !ok;
    }
}
