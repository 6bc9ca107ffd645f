//===- ReviewTest.cpp - Tests for matching logins, e-mails and teams ------===//

#include "policy/Review.h"

#include "gtest/gtest.h"
#include <string>
#include <vector>

using namespace riskguard;

namespace {

Policy teams() {
  Policy P;
  P.Teams["@acme/pricing"] = {"alice", "bob"};
  P.Teams["senior"] = {"Alice"};
  P.Teams["acme/checkout"] = {"carol"};
  return P;
}

TEST(SameIdentityTest, LoginForms) {
  EXPECT_TRUE(sameIdentity("alice", "alice"));
  EXPECT_TRUE(sameIdentity("alice", "@alice"));
  EXPECT_TRUE(sameIdentity("@alice", "alice"));
  EXPECT_TRUE(sameIdentity("alice", "ALICE"));
  EXPECT_TRUE(sameIdentity("alice", "  alice "));
  EXPECT_FALSE(sameIdentity("alice", "alicea"));
  EXPECT_FALSE(sameIdentity("alice", "bob"));
  EXPECT_FALSE(sameIdentity("", ""));
  EXPECT_FALSE(sameIdentity("alice", ""));
  EXPECT_FALSE(sameIdentity("@", "@"));
}

TEST(SameIdentityTest, EmailsMatchByTheirLocalPart) {
  EXPECT_TRUE(sameIdentity("alice", "Alice Adams <alice@shop.example>"));
  EXPECT_TRUE(sameIdentity("alice", "alice@shop.example"));
  EXPECT_TRUE(sameIdentity("Alice", "ALICE@Shop.Example"));
  EXPECT_TRUE(sameIdentity("alice", "<alice@shop.example>"));
  EXPECT_FALSE(sameIdentity("alice", "Alice Adams <adams@shop.example>"));
  // The display name does not identify anyone.
  EXPECT_FALSE(sameIdentity("alice", "alice <aa@shop.example>"));
  EXPECT_FALSE(sameIdentity("alice", "Alice Adams"));
  // GitHub's no-reply address carries the login after the '+'.
  EXPECT_TRUE(
      sameIdentity("alice", "Alice <12345+alice@users.noreply.github.com>"));
  EXPECT_FALSE(sameIdentity("12345", "12345+alice@users.noreply.github.com"));
}

TEST(SameIdentityTest, TwoEmailsMustBeTheSameAddress) {
  EXPECT_TRUE(sameIdentity("alice@shop.example", "Alice <Alice@shop.example>"));
  EXPECT_FALSE(sameIdentity("alice@shop.example", "alice@other.example"));
  // An owner given as an e-mail still matches the login it stands for.
  EXPECT_TRUE(sameIdentity("alice@shop.example", "alice"));
}

TEST(TeamMemberTest, KeysAsWrittenOrWithoutTheAt) {
  Policy P = teams();
  EXPECT_TRUE(isTeamMember("alice", "@acme/pricing", P));
  EXPECT_TRUE(isTeamMember("bob", "acme/pricing", P));
  EXPECT_TRUE(isTeamMember("@bob", "@ACME/Pricing", P));
  EXPECT_TRUE(
      isTeamMember("Bob Builder <bob@shop.example>", "@acme/pricing", P));
  EXPECT_FALSE(isTeamMember("carol", "@acme/pricing", P));
  EXPECT_TRUE(isTeamMember("carol", "@acme/checkout", P));
  EXPECT_TRUE(isTeamMember("alice", "senior", P));
  EXPECT_TRUE(isTeamMember("alice", "@senior", P));
  EXPECT_FALSE(isTeamMember("bob", "senior", P));
  EXPECT_FALSE(isTeamMember("alice", "@acme/unknown", P));
  EXPECT_FALSE(isTeamMember("alice", "", P));
}

TEST(IsOwnerTest, LoginsEmailsAndTeams) {
  Policy P = teams();
  std::vector<std::string> Owners = {"@acme/pricing", "dave",
                                     "erin@shop.example"};
  EXPECT_TRUE(isOwner("alice", Owners, P));
  EXPECT_TRUE(isOwner("bob", Owners, P));
  EXPECT_TRUE(isOwner("dave", Owners, P));
  EXPECT_TRUE(isOwner("@Dave", Owners, P));
  EXPECT_TRUE(isOwner("erin", Owners, P));
  EXPECT_TRUE(isOwner("Erin <erin@shop.example>", Owners, P));
  EXPECT_FALSE(isOwner("Erin <erin@elsewhere.example>", Owners, P));
  EXPECT_FALSE(isOwner("carol", Owners, P));
  EXPECT_FALSE(isOwner("", Owners, P));
  EXPECT_FALSE(isOwner("alice", {}, P));
}

TEST(IsOwnerTest, PolicyTeamWinsOverALoginOfTheSameName) {
  Policy P = teams();
  EXPECT_TRUE(isOwner("alice", {"senior"}, P));
  EXPECT_FALSE(isOwner("senior", {"senior"}, P));
}

TEST(IsOwnerTest, UnknownTeamHasNoKnownMembers) {
  Policy P = teams();
  EXPECT_FALSE(isOwner("alice", {"@acme/unknown"}, P));
  // Not even someone whose login spells the team.
  EXPECT_FALSE(isOwner("acme/unknown", {"@acme/unknown"}, P));
}

} // namespace
