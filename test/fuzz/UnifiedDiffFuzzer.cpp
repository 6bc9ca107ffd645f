//===- UnifiedDiffFuzzer.cpp - libFuzzer target for parseUnifiedDiff -----===//
//
// Feeds arbitrary bytes to the --diff parser: it must return a ChangeSet or
// an llvm::Error, never crash, hang or leak.
//
//===----------------------------------------------------------------------===//

#include "repo/UnifiedDiff.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  llvm::Expected<riskguard::ChangeSet> CS =
      riskguard::parseUnifiedDiff(Text, "fuzz.diff");
  if (!CS)
    llvm::consumeError(CS.takeError());
  return 0;
}
