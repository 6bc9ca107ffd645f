//===- PolicyFuzzer.cpp - libFuzzer target for parsePolicy ---------------===//
//
// Feeds arbitrary bytes to the .riskguard.json parser: it must return a
// Policy or an llvm::Error, never crash, hang or leak.
//
//===----------------------------------------------------------------------===//

#include "policy/Policy.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *Data, size_t Size) {
  llvm::StringRef Text(reinterpret_cast<const char *>(Data), Size);
  llvm::Expected<riskguard::Policy> P =
      riskguard::parsePolicy(Text, "fuzz.riskguard.json");
  if (!P) {
    llvm::consumeError(P.takeError());
    return 0;
  }
  // A parsed policy must also survive being combined with itself.
  (void)riskguard::effectivePolicy(*P, *P);
  return 0;
}
