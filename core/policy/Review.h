//===- Review.h - Who approved, who owns, who is who ------------*- C++ -*-===//
//
// The offline inputs of the review rules: a CODEOWNERS file, the approvals
// of a pull request (GitHub "list reviews" JSON or a simple form), and how
// the identities in them (logins, "@org/team", "Name <email>") match.
//
//===----------------------------------------------------------------------===//
#ifndef RISKGUARD_CORE_POLICY_REVIEW_H
#define RISKGUARD_CORE_POLICY_REVIEW_H

#include "policy/Policy.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include <string>
#include <vector>

namespace riskguard {

/// A parsed CODEOWNERS file, GitHub syntax: "pattern owner...", '#'
/// comments, the last matching pattern wins, a pattern with no owners
/// un-owns.
class CodeOwners {
public:
  /// Errors read "FILE:LINE: <what is wrong>" (bad pattern, bad owner).
  static llvm::Expected<CodeOwners> parse(llvm::StringRef Text,
                                          llvm::StringRef FileName);

  /// Reads and parses a CODEOWNERS file; messages name it \p DisplayName
  /// (e.g. repo-relative), else \p Path.
  static llvm::Expected<CodeOwners> load(llvm::StringRef Path,
                                         llvm::StringRef DisplayName = {});

  /// Owners of a repo-relative path ("@org/team", "@user", "a@b.com"), as
  /// written; empty when nobody owns it.
  std::vector<std::string> ownersOf(llvm::StringRef Path) const;

  struct Entry {
    std::string Pattern;
    std::vector<std::string> Owners;
    unsigned Line = 0;
  };

  /// The patterns in file order, escapes kept as written (my\ file.txt).
  llvm::ArrayRef<Entry> entries() const { return Entries; }

private:
  std::vector<Entry> Entries;
};

/// One approval that counts, and where it came from.
struct Approval {
  std::string Who;    ///< A login or identity ("alice", "Alice <a@x.com>").
  std::string Source; ///< "review", "trailer Approved-by", ...
};

/// An approval of a commit other than the head: whether it still counts
/// depends on what changed after it (`approvals.sticky`).
struct EarlierApproval {
  Approval Given;
  std::string Commit; ///< The commit it approved, as written (may be short).
};

/// The review state of a change, from --approvals.
struct ReviewState {
  std::string Author; ///< The change's author (login), may be empty.
  std::vector<Approval> Approvals; ///< Latest state APPROVED; author excluded.
  /// Latest state APPROVED, but of another commit than the head's.
  std::vector<EarlierApproval> Earlier;
  /// Approvals that do not count, each with why ("bob: approved 1234567,
  /// not the head commit 89abcde", "carol: approval withdrawn by
  /// CHANGES_REQUESTED").
  std::vector<std::string> Ignored;
};

/// Parses --approvals: a GitHub "list reviews for a pull request" array
/// (the latest APPROVED / CHANGES_REQUESTED / DISMISSED state of each user
/// counts, COMMENTED changes nothing; with \p HeadCommit set, an approval of
/// another commit_id goes to Earlier, and one naming no commit_id does not
/// count), GitLab's merge-request approvals
/// object (`approved_by[].user.username`), or {"author": "x", "approvals":
/// ["a", "b"]}. Errors name the file and what is wrong.
llvm::Expected<ReviewState> parseApprovals(llvm::StringRef JSON,
                                           llvm::StringRef FileName,
                                           llvm::StringRef HeadCommit = {});

/// What the CI's pull-request payload says of the change: GitHub's
/// `pull_request` event (what $GITHUB_EVENT_PATH holds) or pull-request
/// object, or GitLab's merge-request object.
struct PullRequest {
  std::string Platform; ///< "GitHub" or "GitLab".
  std::string Author;   ///< Login of who opened it.
  std::string HeadSha;  ///< The commit its reviews approve; may be empty.
  std::vector<std::string> Labels;
  std::string Description;
};

/// Parses --pull-request; errors name the file and the missing or bad key.
llvm::Expected<PullRequest> parsePullRequest(llvm::StringRef JSON,
                                             llvm::StringRef FileName);

/// Whether two commit ids name the same commit; either may be abbreviated
/// (7 hex digits at least), in any case.
bool sameCommit(llvm::StringRef A, llvm::StringRef B);

/// Records \p Author as the author of the change and moves any approval of
/// theirs to Ignored ("alice: the author cannot approve"): the GitHub form
/// does not name the author, so --author is applied after parsing.
void setAuthor(ReviewState &State, llvm::StringRef Author);

/// Whether \p Identity is the person \p Login: "alice" matches "alice",
/// "@alice", "Alice Adams <alice@shop.example>" and "alice@shop.example"
/// (by the e-mail's local part), case-insensitively.
bool sameIdentity(llvm::StringRef Login, llvm::StringRef Identity);

/// Whether \p Who is one of \p Owners: an owner entry is a login ("bob",
/// "@bob"), an e-mail, or a team ("@org/team" or a key of policy `teams`)
/// whose members are listed in \p P.Teams.
bool isOwner(llvm::StringRef Who, llvm::ArrayRef<std::string> Owners,
             const Policy &P);

/// Whether \p Who is a member of the team \p Team of \p P.Teams.
bool isTeamMember(llvm::StringRef Who, llvm::StringRef Team, const Policy &P);

} // namespace riskguard

#endif
