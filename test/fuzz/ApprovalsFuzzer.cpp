//===- ApprovalsFuzzer.cpp - libFuzzer target for parseApprovals ---------===//
//
// Feeds arbitrary bytes to the --approvals parser, with and without a head
// commit, then applies an author: it must never crash, hang or leak.
//
//===----------------------------------------------------------------------===//

#include "policy/Review.h"

#include <cstddef>
#include <cstdint>

static void parseOnce(llvm::StringRef Text, llvm::StringRef Head) {
  llvm::Expected<riskguard::ReviewState> S =
      riskguard::parseApprovals(Text, "fuzz-approvals.json", Head);
  if (!S) {
    llvm::consumeError(S.takeError());
    return;
  }
  riskguard::setAuthor(*S, "alice");
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  parseOnce(Text, {});
  parseOnce(Text, "89abcdef0123456789abcdef0123456789abcdef");
  return 0;
}
