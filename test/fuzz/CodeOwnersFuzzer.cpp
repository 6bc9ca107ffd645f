//===- CodeOwnersFuzzer.cpp - libFuzzer target for CodeOwners::parse -----===//
//
// Feeds arbitrary bytes to the CODEOWNERS parser and looks up a few paths in
// what it accepts: it must never crash, hang or leak.
//
//===----------------------------------------------------------------------===//

#include "policy/Review.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  llvm::Expected<riskguard::CodeOwners> CO =
      riskguard::CodeOwners::parse(Text, "CODEOWNERS");
  if (!CO) {
    llvm::consumeError(CO.takeError());
    return 0;
  }
  for (llvm::StringRef Path :
       {"src/pricing.cc", "include/shop.h", "docs/a b.md", "a/b/c/d.cpp", ""})
    (void)CO->ownersOf(Path);
  return 0;
}
