//===- ApprovalsTest.cpp - Tests for reading --approvals ------------------===//

#include "policy/Review.h"

#include "llvm/Support/raw_ostream.h"
#include "gtest/gtest.h"
#include <string>
#include <vector>

using namespace riskguard;

namespace {

using Strings = std::vector<std::string>;

const char *const Head = "89abcdef0123456789abcdef0123456789abcdef";
const char *const Old = "1234567890abcdef1234567890abcdef12345678";

/// One GitHub review as the API prints it.
std::string review(llvm::StringRef Login, llvm::StringRef State,
                   llvm::StringRef Time, llvm::StringRef Commit = Head) {
  return (R"({"id": 1, "user": {"login": ")" + Login +
          R"(", "type": "User"}, )" + R"("body": "", "state": ")" + State +
          R"(", "submitted_at": ")" + Time + R"(", "commit_id": ")" + Commit +
          R"("})")
      .str();
}

std::string array(const Strings &Elements) {
  std::string Out = "[\n";
  for (size_t I = 0; I < Elements.size(); ++I)
    Out += "  " + Elements[I] + (I + 1 < Elements.size() ? ",\n" : "\n");
  return Out + "]\n";
}

/// "who (source)" per approval, then "ignored: why" per ignored one, and
/// the author, so a test states the whole result at once.
std::string describe(llvm::Expected<ReviewState> State) {
  if (!State)
    return "error: " + llvm::toString(State.takeError());
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  if (!State->Author.empty())
    OS << "author " << State->Author << "\n";
  for (const Approval &A : State->Approvals)
    OS << A.Who << " (" << A.Source << ")\n";
  for (const EarlierApproval &E : State->Earlier)
    OS << "earlier: " << E.Given.Who << " (" << E.Given.Source << ") of "
       << E.Commit << "\n";
  for (const std::string &Why : State->Ignored)
    OS << "ignored: " << Why << "\n";
  return Out;
}

std::string parse(llvm::StringRef JSON, llvm::StringRef HeadCommit = {}) {
  return describe(parseApprovals(JSON, "approvals.json", HeadCommit));
}

TEST(ApprovalsTest, ApprovedCounts) {
  EXPECT_EQ(parse(array({review("bob", "APPROVED", "2024-05-01T10:00:00Z"),
                         review("alice", "APPROVED", "2024-05-01T11:00:00Z")})),
            "alice (review)\nbob (review)\n");
}

TEST(ApprovalsTest, ChangesRequestedAfterApprovedWithdrawsIt) {
  EXPECT_EQ(parse(array({review("carol", "APPROVED", "2024-05-01T10:00:00Z"),
                         review("carol", "CHANGES_REQUESTED",
                                "2024-05-01T11:00:00Z")})),
            "ignored: carol: approval withdrawn by CHANGES_REQUESTED\n");
}

TEST(ApprovalsTest, ApprovedAfterChangesRequestedCounts) {
  EXPECT_EQ(
      parse(array({review("carol", "CHANGES_REQUESTED", "2024-05-01T10:00:00Z"),
                   review("carol", "APPROVED", "2024-05-01T11:00:00Z")})),
      "carol (review)\n");
}

TEST(ApprovalsTest, ChangesRequestedAloneIsNoApprovalAndNothingIgnored) {
  EXPECT_EQ(parse(array({review("carol", "CHANGES_REQUESTED",
                                "2024-05-01T10:00:00Z")})),
            "");
}

TEST(ApprovalsTest, CommentedAndPendingChangeNothing) {
  EXPECT_EQ(parse(array({review("bob", "APPROVED", "2024-05-01T10:00:00Z"),
                         review("bob", "COMMENTED", "2024-05-01T11:00:00Z"),
                         R"({"user": {"login": "bob"}, "state": "PENDING"})"})),
            "bob (review)\n");
  EXPECT_EQ(parse(array({review("bob", "COMMENTED", "2024-05-01T11:00:00Z")})),
            "");
}

TEST(ApprovalsTest, DismissedRemovesTheApproval) {
  // GitHub turns the dismissed review itself into DISMISSED.
  EXPECT_EQ(parse(array({review("dave", "DISMISSED", "2024-05-01T10:00:00Z")})),
            "ignored: dave: review dismissed\n");
  EXPECT_EQ(parse(array({review("dave", "APPROVED", "2024-05-01T10:00:00Z"),
                         review("dave", "DISMISSED", "2024-05-01T11:00:00Z")})),
            "ignored: dave: approval dismissed\n");
  EXPECT_EQ(parse(array({review("dave", "DISMISSED", "2024-05-01T10:00:00Z"),
                         review("dave", "APPROVED", "2024-05-01T11:00:00Z")})),
            "dave (review)\n");
}

TEST(ApprovalsTest, ApprovalOfAnEarlierCommitIsKeptApart) {
  // Whether it still counts is for approvals.sticky to say, with the
  // commit it approved.
  Strings Reviews = {review("bob", "APPROVED", "2024-05-01T10:00:00Z", Old),
                     review("alice", "APPROVED", "2024-05-01T11:00:00Z")};
  EXPECT_EQ(
      parse(array(Reviews), Head),
      "alice (review)\n"
      "earlier: bob (review) of 1234567890abcdef1234567890abcdef12345678\n");
  // An abbreviated head, in any case, still names the head commit.
  EXPECT_EQ(
      parse(array(Reviews), "89ABCDEF"),
      "alice (review)\n"
      "earlier: bob (review) of 1234567890abcdef1234567890abcdef12345678\n");
  // Without a head commit nothing is stale.
  EXPECT_EQ(parse(array(Reviews)), "alice (review)\nbob (review)\n");
  // Re-approving the head makes it count again.
  Reviews.push_back(review("bob", "APPROVED", "2024-05-01T12:00:00Z"));
  EXPECT_EQ(parse(array(Reviews), Head), "alice (review)\nbob (review)\n");
}

TEST(ApprovalsTest, ApprovalWithoutCommitIdIsStaleWhenTheHeadIsKnown) {
  EXPECT_EQ(parse(R"([{"user": {"login": "bob"}, "state": "APPROVED"}])", Head),
            "ignored: bob: approval names no commit_id, so not the head's\n");
  EXPECT_EQ(parse(R"([{"user": {"login": "bob"}, "state": "APPROVED"}])"),
            "bob (review)\n");
}

TEST(ApprovalsTest, OutOfOrderTimesAreSorted) {
  // The withdrawal happened last although it is listed first.
  EXPECT_EQ(
      parse(array({review("carol", "CHANGES_REQUESTED", "2024-05-01T12:00:00Z"),
                   review("carol", "APPROVED", "2024-05-01T11:00:00Z")})),
      "ignored: carol: approval withdrawn by CHANGES_REQUESTED\n");
  // Offsets are honoured: 12:30+02:00 is 10:30Z, before 11:00Z.
  EXPECT_EQ(parse(array({review("carol", "APPROVED", "2024-05-01T11:00:00Z"),
                         review("carol", "CHANGES_REQUESTED",
                                "2024-05-01T12:30:00+02:00")})),
            "carol (review)\n");
  // Equal times keep the array order.
  EXPECT_EQ(
      parse(array(
          {review("carol", "APPROVED", "2024-05-01T11:00:00.5Z"),
           review("carol", "CHANGES_REQUESTED", "2024-05-01T11:00:00.500Z"),
           review("carol", "APPROVED", "2024-05-01T11:00:00.5Z")})),
      "carol (review)\n");
}

TEST(ApprovalsTest, LoginsAreCaseInsensitive) {
  EXPECT_EQ(parse(array({review("Carol", "APPROVED", "2024-05-01T10:00:00Z"),
                         review("carol", "CHANGES_REQUESTED",
                                "2024-05-01T11:00:00Z")})),
            "ignored: carol: approval withdrawn by CHANGES_REQUESTED\n");
}

TEST(ApprovalsTest, DeletedAccountDoesNotCount) {
  EXPECT_EQ(
      parse(R"([{"user": null, "state": "APPROVED", "commit_id": "x"},
                {"user": null, "state": "COMMENTED"}])"),
      "ignored: element 1: approved by a deleted account (\"user\": null)\n");
}

TEST(ApprovalsTest, GitHubFormLeavesTheAuthorToTheCaller) {
  llvm::Expected<ReviewState> State =
      parseApprovals(array({review("alice", "APPROVED", "2024-05-01T10:00:00Z"),
                            review("bob", "APPROVED", "2024-05-01T11:00:00Z")}),
                     "approvals.json");
  ASSERT_TRUE(bool(State)) << llvm::toString(State.takeError());
  EXPECT_EQ(State->Author, "");
  setAuthor(*State, "@Alice");
  EXPECT_EQ(describe(std::move(*State)),
            "author Alice\nbob (review)\n"
            "ignored: alice: the author cannot approve\n");
}

TEST(ApprovalsTest, SimpleForm) {
  EXPECT_EQ(parse(R"({"author": "alice", "approvals": ["dave", "@bob", "carol",
                     "bob", "Alice <alice@shop.example>"]})"),
            "author alice\n"
            "bob (approvals file)\n"
            "carol (approvals file)\n"
            "dave (approvals file)\n"
            "ignored: Alice <alice@shop.example>: the author cannot approve\n");
  EXPECT_EQ(parse(R"({"approvals": []})"), "");
  // A head commit means nothing to the simple form.
  EXPECT_EQ(parse(R"({"approvals": ["bob"]})", Head), "bob (approvals file)\n");
  // Comments are allowed, as in the policy.
  EXPECT_EQ(parse("// from the merge bot\n{\"approvals\": [\"bob\"]}"),
            "bob (approvals file)\n");
}

TEST(ApprovalsTest, SimpleFormCountsOnePersonOnce) {
  EXPECT_EQ(parse(R"({"approvals": ["bob", "Bob", "Bob B <bob@x.com>"]})"),
            "Bob (approvals file)\n");
}

TEST(ApprovalsTest, MalformedInputs) {
  const std::string States = "(expected APPROVED, CHANGES_REQUESTED, "
                             "COMMENTED, DISMISSED or PENDING)";
  const std::string NotApprovals =
      "error: approvals.json: expected a JSON array of GitHub reviews, "
      "GitLab approvals (an object with \"approved_by\") or an object with "
      "\"approvals\"";
  EXPECT_EQ(parse("42"), NotApprovals);
  EXPECT_EQ(parse(R"({"author": "a"})"), NotApprovals);
  EXPECT_EQ(parse(array({review("a", "APPROVED", "2024-05-01T10:00:00Z"),
                         review("b", "APPROVED", "2024-05-01T10:00:00Z"),
                         R"({"state": "APPROVED"})"})),
            "error: approvals.json: element 3 has no 'user.login'");
  EXPECT_EQ(parse(R"([{"user": {"id": 7}, "state": "APPROVED"}])"),
            "error: approvals.json: element 1 has no 'user.login'");
  EXPECT_EQ(parse(R"([{"user": "bob", "state": "APPROVED"}])"),
            "error: approvals.json: element 1 has no 'user.login'");
  EXPECT_EQ(parse(R"([{"user": {"login": "bob"}}])"),
            "error: approvals.json: element 1 has no 'state'");
  EXPECT_EQ(parse(R"([{"user": {"login": "bob"}, "state": "LGTM"}])"),
            "error: approvals.json: element 1 has an unknown state 'LGTM' " +
                States);
  EXPECT_EQ(parse(R"([1])"),
            "error: approvals.json: element 1 is not an object");
  EXPECT_EQ(parse(R"([{"user": {"login": "bob"}, "state": "APPROVED",
                       "submitted_at": "yesterday"}])"),
            "error: approvals.json: element 1 has a bad 'submitted_at' "
            "\"yesterday\" (expected a time such as \"2024-05-01T12:00:00Z\")");
  EXPECT_EQ(parse(R"([{"user": {"login": "bob"}, "state": "APPROVED",
                       "commit_id": 5}])"),
            "error: approvals.json: element 1 has a non-string 'commit_id'");
  EXPECT_EQ(parse(R"({"approvals": "bob"})"),
            "error: approvals.json: 'approvals' is not an array");
  EXPECT_EQ(parse(R"({"approvals": ["bob", 3]})"),
            "error: approvals.json: 'approvals' element 2 is not a string");
  EXPECT_EQ(parse(R"({"approvals": ["bob", " "]})"),
            "error: approvals.json: 'approvals' element 2 is empty");
  EXPECT_EQ(parse(R"({"author": 1, "approvals": []})"),
            "error: approvals.json: 'author' is not a string");
  EXPECT_EQ(parse(R"({"autor": "alice", "approvals": []})"),
            "error: approvals.json: unknown key 'autor' (expected \"author\" "
            "or \"approvals\")");
}

TEST(ApprovalsTest, GitLabApprovals) {
  // What GET /projects/:id/merge_requests/:iid/approvals returns, trimmed.
  EXPECT_EQ(parse(R"({"id": 5, "iid": 42, "approved": true,
                      "approvals_required": 2, "approvals_left": 0,
                      "approved_by": [
                        {"user": {"id": 3, "name": "Carol", "username": "carol"}},
                        {"user": {"id": 2, "name": "Bob", "username": "bob"}},
                        {"user": {"id": 2, "name": "Bob", "username": "Bob"}}
                      ],
                      "suggested_approvers": [], "approvers": []})"),
            "Bob (GitLab approval)\ncarol (GitLab approval)\n");
  EXPECT_EQ(parse(R"({"approved_by": []})"), "");
  EXPECT_EQ(parse(R"({"approved_by": {}})"),
            "error: approvals.json: 'approved_by' is not an array");
  EXPECT_EQ(parse(R"({"approved_by": [{"user": {"name": "Bob"}}]})"),
            "error: approvals.json: 'approved_by' element 1 has no "
            "'user.username'");
  EXPECT_EQ(parse(R"({"approved_by": ["bob"]})"),
            "error: approvals.json: 'approved_by' element 1 has no 'user' "
            "object");
}

std::string pull(llvm::StringRef JSON) {
  llvm::Expected<PullRequest> PR = parsePullRequest(JSON, "event.json");
  if (!PR)
    return "error: " + llvm::toString(PR.takeError());
  std::string Out =
      PR->Platform + " by " + PR->Author + " at " + PR->HeadSha + "; labels:";
  for (const std::string &L : PR->Labels)
    Out += " " + L;
  return Out + "; description: " + PR->Description;
}

TEST(PullRequestTest, GitHubEventAndObject) {
  // $GITHUB_EVENT_PATH of a pull_request event, trimmed.
  EXPECT_EQ(pull(R"({"action": "synchronize", "number": 7,
                     "pull_request": {"number": 7, "user": {"login": "dana"},
                       "head": {"sha": "89abcdef", "ref": "raise-cap"},
                       "labels": [{"name": "ai-assisted"}, {"name": "pricing"}],
                       "body": "Risk: low"},
                     "sender": {"login": "bob"}})"),
            "GitHub by dana at 89abcdef; labels: ai-assisted pricing; "
            "description: Risk: low");
  // gh api repos/O/R/pulls/7: the pull request unwrapped; a null body.
  EXPECT_EQ(pull(R"({"user": {"login": "@dana"}, "head": {"sha": "89ab"},
                     "labels": [], "body": null})"),
            "GitHub by dana at 89ab; labels:; description: ");
  EXPECT_EQ(pull(R"({"pull_request": {"user": {"login": "dana"}}})"),
            "error: event.json: no 'pull_request.head.sha'");
  EXPECT_EQ(pull(R"({"pull_request": {"head": {"sha": "1"}}})"),
            "error: event.json: no 'pull_request.user.login' (the author)");
  EXPECT_EQ(pull(R"({"pull_request": {"user": {"login": "d"},
                     "head": {"sha": "1"}, "labels": [{"color": "red"}]}})"),
            "error: event.json: 'pull_request.labels' element 1 has no name");
  EXPECT_EQ(pull(R"({"pull_request": {"user": {"login": "d"},
                     "head": {"sha": "1"}, "body": 3}})"),
            "error: event.json: 'pull_request.body' is not a string");
}

TEST(PullRequestTest, GitLabMergeRequest) {
  // GET /projects/:id/merge_requests/:iid, trimmed.
  EXPECT_EQ(pull(R"({"id": 1, "iid": 42, "author": {"username": "dana"},
                     "sha": "89abcdef", "labels": ["AI-assisted"],
                     "description": "## Risk\nlow"})"),
            "GitLab by dana at 89abcdef; labels: AI-assisted; description: "
            "## Risk\nlow");
  EXPECT_EQ(pull(R"({"iid": 42, "author": {"username": "dana"}})"),
            "error: event.json: no 'sha' (the merge request's head commit)");
  EXPECT_EQ(pull(R"({"object_kind": "merge_request", "user": {}})"),
            "error: event.json: a GitLab webhook payload names who triggered "
            "it, not the author; pass the merge request from the API (GET "
            "/projects/:id/merge_requests/:iid)");
  EXPECT_EQ(pull("[]"), "error: event.json: expected a JSON object (GitHub's "
                        "pull_request event or GitLab's merge request)");
  EXPECT_EQ(pull("{"), "error: event.json:1:2: syntax error while parsing "
                       "object key - unexpected end of input; expected "
                       "string literal");
}

TEST(ApprovalsTest, SyntaxErrorsHaveAPosition) {
  EXPECT_EQ(parse("[\n  {\"user\": {\"login\": \"bob\"}},\n]\n"),
            "error: approvals.json:3:1: syntax error while parsing value - "
            "unexpected ']'; expected '[', '{', or a literal");
  EXPECT_EQ(parse("{\"approvals\": [\"bob\""),
            "error: approvals.json:1:21: syntax error while parsing array - "
            "unexpected end of input; expected ']'");
  EXPECT_EQ(parse(""), "error: approvals.json:1:1: syntax error while parsing "
                       "value - unexpected end of input; expected '[', '{', "
                       "or a literal");
}

} // namespace
