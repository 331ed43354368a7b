package io.ghactivity.contracts.synthetic;

/**
 * One generated event as a cheap tuple (no JSON): what the warehouse needs to count it. Logins, repo names and org
 * logins are pure functions of the ids ({@link SyntheticModel#actorLogin} etc.), so they cost nothing here.
 *
 * @param id              unique, deterministic: {@code epochHour * 10^7 + sequence}
 * @param type            event type, e.g. {@code PushEvent}
 * @param createdAtSecond epoch second of {@code created_at}
 * @param actorId         actor id drawn from a long-tailed popularity
 * @param repoId          repository id drawn from a long-tailed popularity
 * @param orgId           owning organisation id, or 0 when the repo belongs to a user
 * @param random          64 spare random bits for the renderer (payload sizes, actions), deterministic per event
 */
public record SyntheticEvent(long id, String type, long createdAtSecond, long actorId, long repoId, long orgId,
                             long random) {
}
