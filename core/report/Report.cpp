//===- Report.cpp - The output formats, listed once -----------------------===//
#include "report/Report.h"
#include "llvm/ADT/STLExtras.h"

namespace riskguard {

namespace {

struct FormatInfo {
  llvm::StringLiteral Name;
  Format Fmt;
  void (*Write)(const Report &, llvm::raw_ostream &);
};

// One line per format; the order is the one --help and messages list.
const FormatInfo Formats[] = {
    {"text", Format::Text, writeText},
    {"json", Format::Json, writeJson},
    {"sarif", Format::Sarif, writeSarif},
    {"github-review", Format::GitHubReview, writeGitHubReview},
    {"gitlab", Format::GitLab, writeGitLab},
    {"rdjson", Format::Rdjson, writeRdjson},
    {"markdown", Format::Markdown, writeMarkdown},
};

} // namespace

std::optional<Format> parseFormat(llvm::StringRef Name) {
  for (const FormatInfo &F : Formats)
    if (F.Name == Name)
      return F.Fmt;
  return std::nullopt;
}

std::string formatNames() {
  std::string Names;
  for (const FormatInfo &F : Formats)
    Names += (Names.empty() ? "" : ", ") + F.Name.str();
  return Names;
}

void writeReport(const Report &R, Format Fmt, llvm::raw_ostream &OS) {
  for (const FormatInfo &F : Formats)
    if (F.Fmt == Fmt)
      return F.Write(R, OS);
}

} // namespace riskguard
