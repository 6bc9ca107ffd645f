//===- MachineFormatsTest.cpp - sarif, gitlab, rdjson, github-review ------===//
#include "report/Report.h"
#include "report/ReportUtil.h"
#include "llvm/Support/JSON.h"
#include "gtest/gtest.h"

using namespace riskguard;
using namespace riskguard::report;

namespace {

Finding makeFinding(llvm::StringRef Rule, llvm::StringRef Function,
                    llvm::StringRef File, unsigned Line, unsigned EndLine,
                    bool Blocking = true, Severity Level = Severity::Error) {
  Finding F;
  F.Rule = Rule.str();
  F.Function = Function.str();
  F.File = File.str();
  F.Line = Line;
  F.Column = 5;
  F.EndLine = EndLine;
  F.Level = Level;
  F.Blocking = Blocking;
  F.Message = "message of " + Function.str();
  setFingerprint(F, Function);
  return F;
}

std::string render(void (*Write)(const Report &, llvm::raw_ostream &),
                   const Report &R) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  Write(R, OS);
  return Out;
}

llvm::json::Value parse(const std::string &Text) {
  llvm::Expected<llvm::json::Value> V = llvm::json::parse(Text);
  if (!V) {
    ADD_FAILURE() << llvm::toString(V.takeError()) << "\n" << Text;
    return nullptr;
  }
  return std::move(*V);
}

/// src/a.cc: lines 5-6 replaced, 20 added; src/gone.cc: lines 3-9 deleted;
/// src/old.cc renamed to src/new.cc with line 4 replaced.
ChangeSet sampleChanges() {
  ChangeSet C;
  C.BaseId = std::string(40, 'b');
  C.HeadId = std::string(40, 'a');
  FileChange A;
  A.OldPath = A.NewPath = "src/a.cc";
  A.Hunks = {{5, 2, 5, 2}, {19, 0, 20, 1}};
  FileChange Gone;
  Gone.OldPath = "src/gone.cc";
  Gone.Status = FileStatus::Deleted;
  Gone.Hunks = {{1, 12, 0, 0}};
  FileChange Renamed;
  Renamed.OldPath = "src/old.cc";
  Renamed.NewPath = "src/new.cc";
  Renamed.Status = FileStatus::Renamed;
  Renamed.Hunks = {{4, 1, 4, 1}};
  C.Files = {A, Gone, Renamed};
  return C;
}

ChangedFunction deleted(llvm::StringRef Name, llvm::StringRef File) {
  ChangedFunction C;
  C.Kind = ChangeKind::Deleted;
  C.Facts.Name = Name.str();
  C.Facts.File = File.str();
  return C;
}

TEST(GitHubReviewTest, PlacesFindingsOnDiffLines) {
  ChangeSet Changes = sampleChanges();
  Report R;
  R.HeadId = Changes.HeadId;
  R.Changes = &Changes;
  R.Changed = {deleted("gone()", "src/gone.cc")};
  // Spans both hunks of src/a.cc: the first one only, as a range.
  R.Findings.push_back(
      makeFinding("tier1-untested-change", "f()", "src/a.cc", 4, 25));
  // One line of the second hunk.
  R.Findings.push_back(
      makeFinding("tier1-untested-change", "g()", "src/a.cc", 18, 22));
  // A deleted function: its first deleted line, LEFT.
  R.Findings.push_back(
      makeFinding("tier1-marking-removed", "gone()", "src/gone.cc", 3, 9));
  // The renamed file, by its head path.
  R.Findings.push_back(
      makeFinding("tier1-untested-change", "h()", "src/new.cc", 2, 6));
  // No changed line inside: the body.
  R.Findings.push_back(
      makeFinding("tier1-marking-removed", "k()", "src/a.cc", 8, 12));
  // A file the change does not touch: the body.
  R.Findings.push_back(
      makeFinding("tier1-marking-removed", "m()", "src/b.cc", 1, 3));

  llvm::json::Value V = parse(render(writeGitHubReview, R));
  const llvm::json::Object *O = V.getAsObject();
  ASSERT_TRUE(O);
  EXPECT_EQ(O->getString("commit_id"), llvm::StringRef(Changes.HeadId));
  EXPECT_EQ(O->getString("event"), llvm::StringRef("REQUEST_CHANGES"));
  const llvm::json::Array *Comments = O->getArray("comments");
  ASSERT_TRUE(Comments);
  ASSERT_EQ(Comments->size(), 4u);

  auto Check = [&](size_t I, llvm::StringRef Path, std::optional<int64_t> Start,
                   int64_t Line, llvm::StringRef Side, const Finding &F) {
    SCOPED_TRACE(I);
    const llvm::json::Object *C = (*Comments)[I].getAsObject();
    ASSERT_TRUE(C);
    EXPECT_EQ(C->getString("path"), Path);
    EXPECT_EQ(C->getInteger("start_line"), Start);
    EXPECT_EQ(C->getInteger("line"), Line);
    EXPECT_EQ(C->getString("side"), Side);
    if (Start)
      EXPECT_EQ(C->getString("start_side"), Side);
    else
      EXPECT_FALSE(C->get("start_side"));
    std::optional<llvm::StringRef> Body = C->getString("body");
    ASSERT_TRUE(Body);
    EXPECT_TRUE(Body->contains(F.Message));
    EXPECT_TRUE(
        Body->contains("<!-- riskguard:fingerprint=" + F.Fingerprint + " -->"));
  };
  Check(0, "src/a.cc", 5, 6, "RIGHT", R.Findings[0]);
  Check(1, "src/a.cc", std::nullopt, 20, "RIGHT", R.Findings[1]);
  Check(2, "src/gone.cc", 3, 9, "LEFT", R.Findings[2]);
  Check(3, "src/new.cc", std::nullopt, 4, "RIGHT", R.Findings[3]);

  llvm::StringRef Body = *O->getString("body");
  EXPECT_TRUE(Body.starts_with("<!-- riskguard -->\n"));
  EXPECT_TRUE(Body.contains("6 blocking findings"));
  EXPECT_TRUE(Body.contains("4 on diff lines"));
  EXPECT_TRUE(Body.contains("`src/a.cc:8`: message of k()"));
  EXPECT_TRUE(Body.contains("`src/b.cc:1`: message of m()"));
  EXPECT_TRUE(Body.contains("fingerprint=" + R.Findings[4].Fingerprint));
  EXPECT_FALSE(Body.contains("message of f()"));
}

TEST(GitHubReviewTest, CommentsWhenNothingBlocksAndOmitsWorktreeCommit) {
  ChangeSet Changes = sampleChanges();
  Changes.HeadId = "WORKTREE";
  Report R;
  R.HeadId = "WORKTREE";
  R.Changes = &Changes;
  R.Findings.push_back(makeFinding("tier1-indirect-change", "f()", "src/a.cc",
                                   5, 5, /*Blocking=*/false,
                                   Severity::Warning));
  llvm::json::Value V = parse(render(writeGitHubReview, R));
  const llvm::json::Object *O = V.getAsObject();
  ASSERT_TRUE(O);
  EXPECT_FALSE(O->get("commit_id"));
  EXPECT_EQ(O->getString("event"), llvm::StringRef("COMMENT"));
  ASSERT_EQ(O->getArray("comments")->size(), 1u);
}

TEST(GitHubReviewTest, WithoutHunksEverythingGoesToTheBody) {
  Report R;
  R.HeadId = std::string(40, 'c');
  R.Findings.push_back(
      makeFinding("tier1-untested-change", "f()", "src/a.cc", 5, 6));
  llvm::json::Value V = parse(render(writeGitHubReview, R));
  const llvm::json::Object *O = V.getAsObject();
  ASSERT_TRUE(O);
  EXPECT_TRUE(O->getArray("comments")->empty());
  EXPECT_TRUE(O->getString("body")->contains("message of f()"));
}

TEST(SarifTest, CapsResultsKeepingBlockingFirst) {
  Report R;
  R.HeadId = "WORKTREE";
  for (unsigned I = 0; I < MaxSarifResults + 2; ++I)
    R.Findings.push_back(makeFinding("money-floating-point",
                                     "f" + std::to_string(I), "src/a.cc", I + 1,
                                     I + 1, false, Severity::Warning));
  R.Findings.push_back(
      makeFinding("tier1-untested-change", "b1", "src/z.cc", 1, 2));
  R.Findings.push_back(
      makeFinding("tier1-untested-change", "b2", "src/z.cc", 3, 4));

  std::vector<const Finding *> Kept = sarifResults(R);
  ASSERT_EQ(Kept.size(), MaxSarifResults);
  EXPECT_EQ(Kept.back(), &R.Findings.back());
  EXPECT_EQ(Kept[Kept.size() - 2], &R.Findings[R.Findings.size() - 2]);
  EXPECT_EQ(Kept[MaxSarifResults - 3]->Function,
            "f" + std::to_string(MaxSarifResults - 3));

  llvm::json::Value V = parse(render(writeSarif, R));
  const llvm::json::Object *Run =
      (*V.getAsObject()->getArray("runs"))[0].getAsObject();
  EXPECT_EQ(Run->getArray("results")->size(), MaxSarifResults);
  const llvm::json::Object *Props = Run->getObject("properties");
  EXPECT_EQ(Props->getInteger("results_total"),
            static_cast<int64_t>(MaxSarifResults + 4));
  EXPECT_EQ(Props->getInteger("results_dropped"), 4);
}

TEST(SarifTest, ListsEveryRuleAndIndexesResults) {
  Report R;
  R.HeadId = "WORKTREE";
  R.Findings.push_back(makeFinding("money-floating-point", "f()", "src/a.cc", 3,
                                   0, false, Severity::Warning));
  Finding FileLevel = makeFinding("policy-changed", "", "CODEOWNERS", 0, 0);
  FileLevel.Column = 0;
  R.Findings.push_back(FileLevel);
  llvm::json::Value V = parse(render(writeSarif, R));
  const llvm::json::Object *Run =
      (*V.getAsObject()->getArray("runs"))[0].getAsObject();
  const llvm::json::Array *Rules =
      Run->getObject("tool")->getObject("driver")->getArray("rules");
  ASSERT_EQ(Rules->size(), reportRules().size());
  for (size_t I = 0; I < Rules->size(); ++I) {
    const llvm::json::Object *Rule = (*Rules)[I].getAsObject();
    EXPECT_EQ(Rule->getString("id"), llvm::StringRef(reportRules()[I].Id));
    EXPECT_EQ(*Rule->getString("helpUri"),
              ProjectUrl.str() + "/blob/main/docs/rules/" +
                  reportRules()[I].Id.str() + ".md");
  }
  const llvm::json::Array *Results = Run->getArray("results");
  ASSERT_EQ(Results->size(), 2u);
  const llvm::json::Object *First = (*Results)[0].getAsObject();
  EXPECT_EQ(First->getInteger("ruleIndex"),
            static_cast<int64_t>(*ruleIndex("money-floating-point")));
  EXPECT_EQ(First->getString("level"), llvm::StringRef("warning"));
  const llvm::json::Object *Region = (*First->getArray("locations"))[0]
                                         .getAsObject()
                                         ->getObject("physicalLocation")
                                         ->getObject("region");
  EXPECT_EQ(Region->getInteger("startLine"), 3);
  EXPECT_EQ(Region->getInteger("endLine"), 3);
  // A file-level finding has no region and no logical location.
  const llvm::json::Object *Second = (*Results)[1].getAsObject();
  const llvm::json::Object *Loc =
      (*Second->getArray("locations"))[0].getAsObject();
  EXPECT_FALSE(Loc->getObject("physicalLocation")->get("region"));
  EXPECT_FALSE(Loc->get("logicalLocations"));
}

TEST(GitLabTest, MapsSeverities) {
  Report R;
  R.Findings.push_back(makeFinding("tier1-untested-change", "a", "x.cc", 1, 2));
  R.Findings.push_back(
      makeFinding("tier1-marking-removed", "b", "x.cc", 3, 4, false));
  R.Findings.push_back(makeFinding("money-floating-point", "c", "x.cc", 5, 6,
                                   false, Severity::Warning));
  R.Findings.push_back(makeFinding("money-floating-point", "d", "x.cc", 0, 0,
                                   false, Severity::Note));
  llvm::json::Value V = parse(render(writeGitLab, R));
  const llvm::json::Array *Issues = V.getAsArray();
  ASSERT_TRUE(Issues);
  ASSERT_EQ(Issues->size(), 4u);
  const char *Expected[] = {"blocker", "critical", "major", "info"};
  for (size_t I = 0; I < 4; ++I) {
    const llvm::json::Object *Issue = (*Issues)[I].getAsObject();
    EXPECT_EQ(Issue->getString("severity"), llvm::StringRef(Expected[I]));
    EXPECT_EQ(Issue->getString("fingerprint"),
              llvm::StringRef(R.Findings[I].Fingerprint));
    EXPECT_EQ(Issue->getString("check_name"),
              llvm::StringRef(R.Findings[I].Rule));
  }
  // A finding without a line still names line 1: GitLab needs a begin line.
  const llvm::json::Object *Lines =
      (*Issues)[3].getAsObject()->getObject("location")->getObject("lines");
  EXPECT_EQ(Lines->getInteger("begin"), 1);
  EXPECT_EQ(Lines->getInteger("end"), 1);
}

TEST(RdjsonTest, MapsSeveritiesAndCodes) {
  Report R;
  R.Findings.push_back(makeFinding("tier1-untested-change", "a", "x.cc", 1, 2));
  R.Findings.push_back(makeFinding("money-floating-point", "c", "x.cc", 5, 5,
                                   false, Severity::Warning));
  R.Findings.push_back(makeFinding("money-floating-point", "d", "x.cc", 7, 7,
                                   false, Severity::Note));
  llvm::json::Value V = parse(render(writeRdjson, R));
  const llvm::json::Array *Diags = V.getAsObject()->getArray("diagnostics");
  ASSERT_EQ(Diags->size(), 3u);
  const char *Expected[] = {"ERROR", "WARNING", "INFO"};
  for (size_t I = 0; I < 3; ++I) {
    const llvm::json::Object *D = (*Diags)[I].getAsObject();
    EXPECT_EQ(D->getString("severity"), llvm::StringRef(Expected[I]));
    EXPECT_EQ(D->getObject("code")->getString("value"),
              llvm::StringRef(R.Findings[I].Rule));
  }
  const llvm::json::Object *Range =
      (*Diags)[0].getAsObject()->getObject("location")->getObject("range");
  EXPECT_EQ(Range->getObject("end")->getInteger("line"), 2);
  // A one-line range has no end.
  EXPECT_FALSE((*Diags)[1]
                   .getAsObject()
                   ->getObject("location")
                   ->getObject("range")
                   ->get("end"));
}

TEST(FormatsTest, NamedAndDeterministic) {
  for (llvm::StringRef Name : {"sarif", "gitlab", "rdjson", "github-review"}) {
    std::optional<Format> F = parseFormat(Name);
    ASSERT_TRUE(F) << Name.str();
    ChangeSet Changes = sampleChanges();
    Report R;
    R.HeadId = Changes.HeadId;
    R.Changes = &Changes;
    R.Findings.push_back(
        makeFinding("tier1-untested-change", "f()", "src/a.cc", 4, 8));
    std::string A, B;
    llvm::raw_string_ostream OA(A), OB(B);
    writeReport(R, *F, OA);
    writeReport(R, *F, OB);
    EXPECT_EQ(A, B);
    EXPECT_TRUE(llvm::StringRef(A).contains(R.Findings[0].Fingerprint) ||
                Name == "rdjson")
        << Name.str();
    EXPECT_TRUE(llvm::StringRef(formatNames()).contains(Name));
  }
}

} // namespace
