package io.ghactivity.dashboard;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which {@code type} filter values are accepted: GitHub's public event types (a type absent from the data is a valid
 * question whose answer is zero) plus any type present in the marts (older archives hold legacy types). Anything else
 * is a 400, so a typo never looks like "no activity".
 */
final class EventTypes {
    static final Set<String> GITHUB = Set.of(
            "CommitCommentEvent", "CreateEvent", "DeleteEvent", "ForkEvent", "GollumEvent", "IssueCommentEvent",
            "IssuesEvent", "MemberEvent", "PublicEvent", "PullRequestEvent", "PullRequestReviewEvent",
            "PullRequestReviewCommentEvent", "PullRequestReviewThreadEvent", "PushEvent", "ReleaseEvent",
            "SponsorshipEvent", "WatchEvent",
            // legacy types found in older hours of the archive
            "DownloadEvent", "FollowEvent", "ForkApplyEvent", "GistEvent", "TeamAddEvent");

    private EventTypes() {
    }

    static void check(String type, Collection<String> present) {
        if (type == null || GITHUB.contains(type) || present.contains(type)) {
            return;
        }
        Set<String> known = new TreeSet<>(GITHUB);
        known.addAll(present);
        throw new BadRequest("type: unknown event type '" + abbreviate(type) + "'; known types: " + String.join(", ", known));
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }
}
