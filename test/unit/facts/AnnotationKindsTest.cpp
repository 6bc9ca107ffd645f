//===- AnnotationKindsTest.cpp - One list of annotation kinds -------------===//
//
// facts/Annotations.def is the list the extractor and annotation-invalid
// read; annotations/include/riskguard/annotations.h, a standalone public
// header, writes the same kinds by hand. These tests keep the two in step.
//
//===----------------------------------------------------------------------===//

#include "facts/Annotations.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MemoryBuffer.h"
#include "gtest/gtest.h"
#include <map>
#include <string>
#include <vector>

using namespace riskguard;

namespace {

/// The public macros annotations.h defines, each with its definition
/// (continuation lines joined). Macros ending in '_' are the header's own
/// helpers (RG_ANNOTATE_), not annotations.
std::map<std::string, std::string> headerMacros() {
  std::string Path = std::string(RISKGUARD_TEST_DIR) +
                     "/../annotations/include/riskguard/annotations.h";
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Buffer =
      llvm::MemoryBuffer::getFile(Path);
  if (!Buffer) {
    ADD_FAILURE() << "cannot read " << Path;
    return {};
  }
  std::map<std::string, std::string> Macros;
  llvm::SmallVector<llvm::StringRef, 64> Lines;
  (*Buffer)->getBuffer().split(Lines, '\n');
  for (size_t I = 0; I < Lines.size(); ++I) {
    llvm::StringRef Line = Lines[I].trim();
    if (!Line.consume_front("#"))
      continue;
    Line = Line.ltrim();
    if (!Line.consume_front("define"))
      continue;
    Line = Line.ltrim();
    llvm::StringRef Name =
        Line.take_while([](char C) { return llvm::isAlnum(C) || C == '_'; });
    std::string Definition = Line.str();
    while (llvm::StringRef(Definition).ends_with("\\") && I + 1 < Lines.size())
      Definition += Lines[++I].str();
    if (Name.starts_with("RG_") && !Name.ends_with("_"))
      Macros[Name.str()] = Definition;
  }
  return Macros;
}

TEST(AnnotationKindsTest, HeaderDefinesExactlyTheListedMacros) {
  std::vector<std::string> Listed, Defined;
  for (const AnnotationKindInfo &K : annotationKinds())
    Listed.push_back(K.Macro.str());
  for (const auto &Entry : headerMacros())
    Defined.push_back(Entry.first);
  llvm::sort(Listed);
  EXPECT_EQ(Listed, Defined);
}

TEST(AnnotationKindsTest, EachMacroWritesItsKind) {
  std::map<std::string, std::string> Macros = headerMacros();
  for (const AnnotationKindInfo &K : annotationKinds()) {
    auto It = Macros.find(K.Macro.str());
    if (It == Macros.end())
      continue; // Reported by HeaderDefinesExactlyTheListedMacros.
    std::string Spelled = "\"" + AnnotationPrefix.str() + K.Name.str() + "\"";
    EXPECT_NE(std::string::npos, It->second.find(Spelled))
        << K.Macro.str() << " does not write " << Spelled << ": " << It->second;
  }
}

TEST(AnnotationKindsTest, KindsAreFoundByNameOnly) {
  for (const AnnotationKindInfo &K : annotationKinds()) {
    const AnnotationKindInfo *Found = findAnnotationKind(K.Name);
    ASSERT_NE(nullptr, Found) << K.Name.str();
    EXPECT_EQ(K.Kind, Found->Kind);
  }
  EXPECT_EQ(nullptr, findAnnotationKind("tier2"));
  EXPECT_EQ(nullptr, findAnnotationKind("riskguard.tier1"));
  EXPECT_EQ(nullptr, findAnnotationKind("RG_TIER1"));
}

} // namespace
