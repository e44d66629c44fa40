package studio.atelier.signin;

/** A sign-in through a provider Atelier will not complete; {@code problem} names the page's explanation. */
class SsoRefused extends RuntimeException {

    private final String problem;

    SsoRefused(String problem) {
        super(problem, null, false, false);
        this.problem = problem;
    }

    String problem() {
        return problem;
    }
}
