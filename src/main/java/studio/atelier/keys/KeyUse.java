package studio.atelier.keys;

/** What a call made with a stored key said about the key. */
public enum KeyUse {
    /** The gateway did what was asked: the key works (and is no longer marked as refused). */
    WORKED,
    /** The gateway refused the key itself (invalid, revoked, expired): it is marked and no longer offered first. */
    REJECTED,
    /** The call failed for another reason or was cancelled, which says nothing about the key. */
    INCONCLUSIVE
}
