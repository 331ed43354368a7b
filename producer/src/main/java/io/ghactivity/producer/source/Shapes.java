package io.ghactivity.producer.source;

import io.ghactivity.contracts.synthetic.SyntheticEvent;
import io.ghactivity.contracts.synthetic.SyntheticModel;

/**
 * Payload shapes per event type, modelled on real GH Archive payloads: the field names and nesting of the real
 * objects (pull requests with head/base repos, issues, comments, commits, releases), with generated values.
 */
final class Shapes {
    private static final String[] PR_ACTIONS = {"opened", "closed", "reopened", "opened", "closed"};
    private static final String[] ISSUE_ACTIONS = {"opened", "closed", "reopened"};
    private static final String API = "https://api.github.com/repos/";
    private final Text text;

    Shapes(Text text) {
        this.text = text;
    }

    void payload(SyntheticEvent e, String login, String repo, String at, JsonOut o) {
        long r = e.random();
        switch (e.type()) {
            case "PushEvent" -> push(e, login, repo, r, o);
            case "CreateEvent" -> o.str("ref", (r & 1) == 0 ? "main" : "feature-" + (r >>> 40)).str("ref_type", (r & 1) == 0 ? "branch" : "tag")
                    .str("master_branch", "main").text("description", text, r, len(r, 60)).str("pusher_type", "user");
            case "DeleteEvent" -> o.str("ref", "feature-" + (r >>> 40)).str("ref_type", "branch").str("pusher_type", "user");
            case "WatchEvent" -> o.str("action", "started");
            case "ForkEvent" -> {
                o.begin("forkee");
                repoObject(o, e.repoId() + 1_000_000_000L, login + "/" + repo.substring(repo.indexOf('/') + 1), e.actorId(), login, at, r);
                o.end();
            }
            case "PullRequestEvent" -> {
                o.str("action", PR_ACTIONS[(int) ((r >>> 8) % PR_ACTIONS.length)]).num("number", 1 + (r >>> 48) % 5000);
                pullRequest(e, login, repo, at, r, o);
            }
            case "PullRequestReviewEvent" -> {
                o.str("action", "created").begin("review").num("id", e.id() / 7).str("node_id", "PRR_kwDO", e.id(), "")
                        .begin("user");
                user(o, e.actorId(), login);
                o.end().text("body", text, r >>> 3, len(r, 120)).str("commit_id", sha(r)).str("submitted_at", at)
                        .str("state", "approved").str("html_url", "https://github.com/" + repo + "/pull/" + (r >>> 50))
                        .str("author_association", "MEMBER").end();
                pullRequest(e, login, repo, at, r, o);
            }
            case "PullRequestReviewCommentEvent" -> {
                o.str("action", "created").begin("comment").num("id", e.id() / 3).str("url", API + repo + "/pulls/comments/" + e.id())
                        .text("diff_hunk", text, r >>> 5, len(r, 400)).str("path", "src/main/" + (r >>> 44) + ".java")
                        .str("commit_id", sha(r)).str("original_commit_id", sha(~r)).begin("user");
                user(o, e.actorId(), login);
                o.end().text("body", text, r >>> 9, len(r, 250)).str("created_at", at).str("updated_at", at)
                        .str("author_association", "CONTRIBUTOR").end();
                pullRequest(e, login, repo, at, r, o);
            }
            case "IssueCommentEvent" -> {
                o.str("action", "created");
                issue(e, login, repo, at, r, o);
                o.begin("comment").str("url", API + repo + "/issues/comments/" + e.id()).num("id", e.id() / 5).begin("user");
                user(o, e.actorId(), login);
                o.end().str("created_at", at).str("updated_at", at).str("author_association", "NONE")
                        .text("body", text, r >>> 7, len(r, 1600)).end();
            }
            case "IssuesEvent" -> {
                o.str("action", ISSUE_ACTIONS[(int) ((r >>> 8) % ISSUE_ACTIONS.length)]);
                issue(e, login, repo, at, r, o);
            }
            case "CommitCommentEvent" -> {
                o.begin("comment").str("url", API + repo + "/comments/" + e.id()).num("id", e.id() / 5).begin("user");
                user(o, e.actorId(), login);
                o.end().str("commit_id", sha(r)).str("created_at", at).text("body", text, r >>> 7, len(r, 500)).end();
            }
            case "ReleaseEvent" -> {
                o.str("action", "published").begin("release").str("url", API + repo + "/releases/" + e.id())
                        .str("tag_name", "v" + (r >>> 60) + "." + ((r >>> 52) & 15) + "." + ((r >>> 44) & 15)).begin("author");
                user(o, e.actorId(), login);
                o.end().bool("draft", false).bool("prerelease", false).str("created_at", at).str("published_at", at)
                        .beginArray("assets").endArray().text("body", text, r >>> 7, len(r, 2400)).end();
            }
            case "MemberEvent" -> {
                o.begin("member");
                user(o, 1 + (r >>> 40), SyntheticModel.actorLogin(1 + (r >>> 40)));
                o.end().str("action", "added");
            }
            case "GollumEvent" -> {
                o.beginArray("pages").begin().str("page_name", "Home").str("title", "Home").nul("summary")
                        .str("action", "edited").str("sha", sha(r)).str("html_url", "https://github.com/" + repo + "/wiki/Home").end().endArray();
            }
            default -> { // PublicEvent and anything else: an empty payload, as in the real files
            }
        }
    }

    private void push(SyntheticEvent e, String login, String repo, long r, JsonOut o) {
        int commits = 1 + (int) Long.numberOfTrailingZeros(r | (1L << 4)); // 1..5, mostly 1-2
        o.num("push_id", e.id() / 2).num("size", commits).num("distinct_size", commits).str("ref", "refs/heads/main")
                .str("head", sha(r)).str("before", sha(~r)).beginArray("commits");
        for (int i = 0; i < commits; i++) {
            long c = SyntheticModel.mix(r + i);
            o.begin().str("sha", sha(c)).begin("author").str("email", sha(c >>> 1).substring(0, 40) + "@users.noreply.github.com")
                    .str("name", login).end().text("message", text, c, len(c, 260)).bool("distinct", true)
                    .str("url", API + repo + "/commits/" + sha(c)).end();
        }
        o.endArray();
    }

    private void issue(SyntheticEvent e, String login, String repo, String at, long r, JsonOut o) {
        long number = 1 + (r >>> 48) % 5000;
        String url = API + repo + "/issues/" + number;
        o.begin("issue").str("url", url).str("repository_url", API + repo).str("labels_url", url + "/labels{/name}")
                .str("comments_url", url + "/comments").str("events_url", url + "/events")
                .str("html_url", "https://github.com/" + repo + "/issues/" + number).num("id", e.id() / 11)
                .str("node_id", "I_kwDO", e.id(), "").num("number", number).text("title", text, r >>> 2, len(r, 50)).begin("user");
        user(o, e.actorId(), login);
        o.end().beginArray("labels").endArray().str("state", "open").bool("locked", false).nul("assignee")
                .beginArray("assignees").endArray().nul("milestone").num("comments", (r >>> 30) & 31)
                .str("created_at", at).str("updated_at", at).nul("closed_at").str("author_association", "NONE")
                .nul("active_lock_reason").text("body", text, r >>> 4, len(r, 2300)).begin("reactions")
                .str("url", url + "/reactions").num("total_count", 0).num("+1", 0).num("-1", 0).end()
                .str("timeline_url", url + "/timeline").nul("performed_via_github_app").nul("state_reason").end();
    }

    private void pullRequest(SyntheticEvent e, String login, String repo, String at, long r, JsonOut o) {
        long number = 1 + (r >>> 48) % 5000;
        String url = API + repo + "/pulls/" + number;
        String html = "https://github.com/" + repo + "/pull/" + number;
        o.begin("pull_request").str("url", url).num("id", e.id() / 13).str("node_id", "PR_kwDO", e.id(), "")
                .str("html_url", html).str("diff_url", html + ".diff").str("patch_url", html + ".patch")
                .str("issue_url", API + repo + "/issues/" + number).num("number", number).str("state", "open")
                .bool("locked", false).text("title", text, r >>> 2, len(r, 50)).begin("user");
        user(o, e.actorId(), login);
        o.end().text("body", text, r >>> 6, len(r, 5600)).str("created_at", at).str("updated_at", at).nul("closed_at")
                .nul("merged_at").str("merge_commit_sha", sha(r >>> 1)).nul("assignee").beginArray("assignees").endArray()
                .beginArray("requested_reviewers").endArray().beginArray("labels").endArray().nul("milestone").bool("draft", false)
                .str("commits_url", url + "/commits").str("review_comments_url", url + "/comments")
                .str("statuses_url", API + repo + "/statuses/" + sha(r));
        String owner = repo.substring(0, repo.indexOf('/'));
        for (String side : new String[] {"head", "base"}) {
            o.begin(side).str("label", owner + ":" + (side.equals("head") ? "feature" : "main"))
                    .str("ref", side.equals("head") ? "feature" : "main").str("sha", sha(side.equals("head") ? r : ~r)).begin("user");
            user(o, e.actorId(), login);
            o.end().begin("repo");
            repoObject(o, e.repoId(), repo, e.actorId(), owner, at, r);
            o.end().end();
        }
        o.str("author_association", "CONTRIBUTOR").nul("auto_merge").nul("active_lock_reason").bool("merged", false)
                .nul("mergeable").str("mergeable_state", "unknown").num("comments", (r >>> 20) & 15)
                .num("review_comments", (r >>> 24) & 15).bool("maintainer_can_modify", false)
                .num("commits", 1 + ((r >>> 28) & 7)).num("additions", (r >>> 32) & 1023).num("deletions", (r >>> 42) & 511)
                .num("changed_files", 1 + ((r >>> 52) & 31)).end();
    }

    private static void user(JsonOut o, long id, String login) {
        String u = "https://api.github.com/users/" + login;
        o.str("login", login).num("id", id).str("node_id", "MDQ6VXNlcj", id, "=").str("avatar_url", "https://avatars.githubusercontent.com/u/", id, "?v=4")
                .str("gravatar_id", "").str("url", u).str("html_url", "https://github.com/" + login)
                .str("followers_url", u + "/followers").str("following_url", u + "/following{/other_user}")
                .str("gists_url", u + "/gists{/gist_id}").str("starred_url", u + "/starred{/owner}{/repo}")
                .str("subscriptions_url", u + "/subscriptions").str("organizations_url", u + "/orgs")
                .str("repos_url", u + "/repos").str("events_url", u + "/events{/privacy}")
                .str("received_events_url", u + "/received_events").str("type", "User").bool("site_admin", false);
    }

    private static final String[] REPO_URLS = {"forks", "keys{/key_id}", "collaborators{/collaborator}", "teams", "hooks",
        "issues/events{/number}", "events", "assignees{/user}", "branches{/branch}", "tags", "git/blobs{/sha}",
        "git/tags{/sha}", "git/refs{/sha}", "git/trees{/sha}", "statuses/{sha}", "languages", "stargazers", "contributors",
        "subscribers", "subscription", "commits{/sha}", "git/commits{/sha}", "comments{/number}", "issues/comments{/number}",
        "contents/{+path}", "compare/{base}...{head}", "merges", "{archive_format}{/ref}", "downloads", "issues{/number}",
        "pulls{/number}", "milestones{/number}", "notifications{?since,all,participating}", "labels{/name}",
        "releases{/id}", "deployments"};

    private static void repoObject(JsonOut o, long id, String fullName, long ownerId, String owner, String at, long r) {
        String api = API + fullName;
        o.num("id", id).str("node_id", "R_kgDO", id, "").str("name", fullName.substring(fullName.indexOf('/') + 1))
                .str("full_name", fullName).bool("private", false).begin("owner");
        user(o, ownerId, owner);
        o.end().str("html_url", "https://github.com/" + fullName).nul("description").bool("fork", false).str("url", api);
        for (String u : REPO_URLS) {
            int brace = u.indexOf('{');
            String key = (brace < 0 ? u : u.substring(0, brace)).replace('/', '_').replace("git_", "git_");
            o.str(key.isEmpty() ? "archive_url" : key + "_url", api + "/" + u);
        }
        o.str("created_at", at).str("updated_at", at).str("pushed_at", at)
                .str("git_url", "git://github.com/" + fullName + ".git").str("ssh_url", "git@github.com:" + fullName + ".git")
                .str("clone_url", "https://github.com/" + fullName + ".git").nul("homepage").num("size", (r >>> 20) & 65535)
                .num("stargazers_count", (r >>> 36) & 1023).num("watchers_count", (r >>> 36) & 1023).str("language", "Java")
                .bool("has_issues", true).bool("has_projects", true).bool("has_downloads", true).bool("has_wiki", true)
                .bool("has_pages", false).num("forks_count", (r >>> 46) & 127).nul("mirror_url").bool("archived", false)
                .bool("disabled", false).num("open_issues_count", (r >>> 53) & 63).nul("license").bool("allow_forking", true)
                .bool("is_template", false).beginArray("topics").endArray().str("visibility", "public")
                .num("forks", (r >>> 46) & 127).num("open_issues", (r >>> 53) & 63).num("watchers", (r >>> 36) & 1023)
                .str("default_branch", "main");
    }

    /** A text length around {@code mean}: between a quarter and twice the mean, from the event's random bits. */
    private static int len(long r, int mean) {
        return mean / 4 + (int) (((r >>> 17) & 1023) * (mean * 7L / 4) / 1023);
    }

    private static String sha(long r) {
        String h = Long.toHexString(SyntheticModel.mix(r)) + Long.toHexString(SyntheticModel.mix(r + 1))
                + Long.toHexString(SyntheticModel.mix(r + 2));
        return (h + "0000000000000000000000000000000000000000").substring(0, 40);
    }
}
